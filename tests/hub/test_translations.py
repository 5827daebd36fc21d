"""The interface is translated: every string people read is marked for translation, and
the Spanish, French and Portuguese catalogues translate every marked string."""

import ast
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import override_settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
APPS = ["hub", "partnerships", "landscapes", "mel", "capacity", "finance"]

# Words that read the same in every language: the product's name and the hectare symbol.
UNTRANSLATED_WORDS = {"Landscape Hub", "ha"}
# Attributes whose text people read (or hear, with a screen reader).
READABLE_ATTRIBUTES = re.compile(
    r'\b(placeholder|title|alt|aria-label|aria-description|data-confirm)\s*=\s*"([^"]*)"'
)
_IGNORED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
_MARK = "\x00"


def _without_template_code(source: str) -> str:
    """The template's literal text: tags and variables become a mark, and the content of
    {% blocktranslate %} (already marked) and {% comment %} is dropped."""
    out, closing = [], []
    for token in Lexer(source).tokenize():
        name = token.contents.split()[0] if token.contents.split() else ""
        if token.token_type == TokenType.BLOCK:
            if closing and name == closing[-1]:
                closing.pop()
            elif name in _IGNORED_BLOCKS:
                closing.append(_IGNORED_BLOCKS[name])
            if not closing:
                out.append(_MARK)
        elif not closing:
            out.append(token.contents if token.token_type == TokenType.TEXT else _MARK)
    return "".join(out)


def untranslated_template_text(source: str) -> list[str]:
    text = _without_template_code(source)
    # Scripts, styles, comments and code samples are not prose.
    text = re.sub(
        r"<(script|style|code|pre|kbd|textarea)\b.*?</\1>|<!--.*?-->", _MARK, text, flags=re.S
    )
    found = [
        value
        for _attribute, value in READABLE_ATTRIBUTES.findall(text)
        if re.search(r"[A-Za-z]{2,}", value.replace(_MARK, " "))
    ]
    prose = re.sub(r"&[a-zA-Z#0-9]+;", " ", re.sub(r"<[^>]*>", _MARK, text, flags=re.S))
    for chunk in re.split(f"{_MARK}|\n", prose):
        chunk = chunk.strip(" \t·—–-:,.()")
        if re.search(r"[A-Za-z]{2,}", chunk) and chunk not in UNTRANSLATED_WORDS:
            found.append(chunk)
    return found


def _templates() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in {".html", ".txt", ".xml"}
        # Attribute fragments included inside a tag, not text.
        and not path.name.endswith("_attrs.html")
    )


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text():
    assert untranslated_template_text('<p title="Open map">Hello <b>world</b></p>') == [
        "Open map",
        "Hello",
        "world",
    ]
    assert (
        untranslated_template_text(
            '{% load i18n %}<p title="{% translate "Open map" %}">{% translate "Hello" %}'
            "{% blocktranslate %}Hi {{ name }}{% endblocktranslate %} {{ value }} ha</p>"
            "<code>/api/v1/</code><script>let a = 'b';</script>"
        )
        == []
    )


def test_every_template_string_is_marked_for_translation():
    found = {
        str(path.relative_to(ROOT)): text
        for path in _templates()
        if (text := untranslated_template_text(path.read_text()))
    }

    assert found == {}


MESSAGE_CALLS = {"ValidationError", "ApplicationError", "PermissionDenied"}
USER_FACING_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}


def _python_sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            # Migrations copy the marked strings; the API's help texts document the API
            # (in English, like its field names) and are not shown in the interface.
            if {"migrations", "api"} & set(path.parts) or path.name == "schema.py":
                continue
            yield path


def _is_literal_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and re.search("[A-Za-z]{2}", v.value) for v in node.values
        )
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(re.search("[A-Za-z]{2}", node.value))
    )


def unmarked_python_strings(source: str) -> list[int]:
    """Lines where a message, error or form/model label is a plain string literal."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        candidates = [k.value for k in node.keywords if k.arg in USER_FACING_KEYWORDS]
        if name in MESSAGE_CALLS or owner == "messages":
            candidates += node.args
        if any(_is_literal_text(arg) for arg in candidates):
            lines.append(node.lineno)
    return lines


def test_the_python_scanner_finds_plain_messages():
    source = (
        "messages.success(request, 'Saved.')\n"
        "messages.success(request, _('Saved.'))\n"
        "raise ValidationError(f'Unknown kind {kind}')\n"
        "field = forms.CharField(label='Name')\n"
        "field = forms.CharField(label=_('Name'))\n"
        "logger.warning('Not for people')\n"
    )
    assert unmarked_python_strings(source) == [1, 3, 4]


def test_every_python_message_and_label_is_marked_for_translation():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _python_sources()
        if (lines := unmarked_python_strings(path.read_text()))
    }

    assert found == {}


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory) -> polib.POFile:
    """Every string marked in the code and templates now, extracted by makemessages in a
    scratch tree (links to the sources) so the project's catalogues stay untouched."""
    if not shutil.which("xgettext"):
        pytest.fail("xgettext is missing: install GNU gettext (Debian package 'gettext').")
    tree = tmp_path_factory.mktemp("sources")
    for name in [*APPS, "templates"]:
        (tree / name).symlink_to(ROOT / name, target_is_directory=True)
    previous = os.getcwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[str(tree / "locale")]):
            call_command(
                "makemessages", locale=["es"], symlinks=True, no_location=True, verbosity=0
            )
    finally:
        os.chdir(previous)
    return polib.pofile(str(tree / "locale" / "es" / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_translates_every_marked_string(extracted_catalogue, language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in catalogue.translated_entries()
        if "fuzzy" not in entry.flags
    }

    missing = sorted(
        entry.msgid
        for entry in extracted_catalogue
        if (entry.msgctxt, entry.msgid) not in translated
    )

    assert missing == [], f"run `make messages` and translate these in locale/{language}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form_the_language_needs(language):
    # Spanish has three forms (1, millions, the rest): a missing one shows English.
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    incomplete = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not all(entry.msgstr_plural.get(i) for i in range(forms))
    ]

    assert incomplete == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language):
    directory = ROOT / "locale" / language / "LC_MESSAGES"
    source = polib.pofile(str(directory / "django.po"))
    compiled = polib.mofile(str(directory / "django.mo"))

    def pairs(catalogue):
        return {
            (e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid and (e.msgstr or e.msgstr_plural) and "fuzzy" not in e.flags
        }

    assert pairs(source) == pairs(compiled), "run `make messages` to compile the catalogues"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, skip_link, sign_in",
    [
        ("es", "Saltar al contenido principal", "Iniciar sesión"),
        ("fr", "Aller au contenu principal", "Se connecter"),
        ("pt", "Pular para o conteúdo principal", "Entrar"),
    ],
)
def test_pages_speak_the_visitors_language(client, language, skip_link, sign_in):
    response = client.get(reverse("hub:home"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert skip_link in response.text
    assert sign_in in response.text
