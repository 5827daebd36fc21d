"""PostgreSQL full-text search expressions shared by every search source.

Content on the platform is written in English, Spanish, French or Portuguese, and a
row rarely says which. A row's search vector therefore holds its words stemmed by each
language's configuration (or by the row's own language when it has one), plus the words
unstemmed and without accents (``simple_unaccent``, created by hub migration 0005), so
"restauracion" finds "restauración". The query is the OR of the query parsed by each
of those configurations.

Each searchable model stores its vector in a generated column (``search_document``,
from ``search_document_field``) with a GIN index: matching uses the index, and ranking
reads the stored vector instead of parsing every matching row's text five times.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    Func,
    GeneratedField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# Interface language → PostgreSQL text search configuration.
LANGUAGE_CONFIGS: dict[str, str] = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
}
UNACCENT_CONFIG = "simple_unaccent"

# Private-use characters mark the matches in ts_headline's output; they are removed
# from the text first, so they cannot come from the content. The text is escaped and
# only then are they turned into <mark> tags.
START_SEL, STOP_SEL = "\ue000", "\ue001"

WeightedFields = Sequence[tuple[str, str]]  # (field name, weight "A".."D")


def search_vector(fields: WeightedFields, *, language_field: str | None = None) -> Expression:
    """The weighted search vector of ``fields``: stemmed in every platform language
    (only in the row's language when ``language_field`` names a column holding
    "en"/"es"/"fr"/"pt"), plus the accent-free words."""
    parts: list[Expression] = []
    for code, config in LANGUAGE_CONFIGS.items():
        vector = _weighted(fields, config)
        if language_field:
            vector = Case(
                When(Q(**{language_field: code}), then=vector),
                default=Cast(Value(""), SearchVectorField()),
                output_field=SearchVectorField(),
            )
        parts.append(vector)
    parts.append(_weighted(fields, UNACCENT_CONFIG))
    return _concat(parts)


def search_document_field(
    fields: WeightedFields, *, language_field: str | None = None
) -> GeneratedField:
    """A stored generated column holding ``search_vector(fields)``; PostgreSQL keeps it
    up to date on every write. Exclude it from pghistory tracking."""
    return GeneratedField(
        expression=search_vector(fields, language_field=language_field),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search document"),
    )


def _concat(vectors: Sequence[Expression]) -> Expression:
    return reduce(
        lambda left, right: CombinedExpression(left, "||", right, output_field=SearchVectorField()),
        vectors,
    )


def _weighted(fields: WeightedFields, config: str) -> Expression:
    return _concat([SearchVector(name, config=config, weight=weight) for name, weight in fields])


def _config_query(text: str, config: str) -> SearchQuery:
    return SearchQuery(text, config=config, search_type="websearch")


def search_query(text: str) -> SearchQuery:
    """``text`` (web search syntax: words, "quoted phrases", -excluded, or) parsed by
    every configuration, OR-ed. Never raises on odd input; text without words matches
    nothing."""
    configs = [*LANGUAGE_CONFIGS.values(), UNACCENT_CONFIG]
    return reduce(lambda left, right: left | right, (_config_query(text, c) for c in configs))


class _Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _plain_text(expression: Expression, *, is_html: bool) -> Expression:
    if is_html:
        expression = Func(
            expression, Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace"
        )
    return Func(
        expression,
        Value(START_SEL + STOP_SEL),
        Value(""),
        function="translate",
        output_field=TextField(),
    )


def _document(fields: Sequence[str], html_fields: Sequence[str]) -> Expression:
    texts = [_plain_text(F(name), is_html=name in html_fields) for name in fields]
    if len(texts) == 1:
        return texts[0]
    return Func(Value(" "), *texts, function="concat_ws", output_field=TextField())


def headline(
    fields: Sequence[str],
    text: str,
    *,
    language: str = "en",
    html_fields: Sequence[str] = (),
    whole: bool = False,
) -> Expression:
    """ts_headline of ``fields`` with the matches between START_SEL and STOP_SEL, in
    the first configuration (the visitor's language first) whose stemming matches the
    text; ``whole`` keeps the whole text (titles), otherwise up to two fragments."""
    document = _document(fields, html_fields)
    options = {"start_sel": START_SEL, "stop_sel": STOP_SEL}
    if whole:
        options["highlight_all"] = True
    else:
        options.update(max_fragments=2, max_words=18, min_words=8, fragment_delimiter=" … ")
    preferred = LANGUAGE_CONFIGS.get(language, "english")
    configs = [preferred, *(c for c in LANGUAGE_CONFIGS.values() if c != preferred)]
    configs.append(UNACCENT_CONFIG)
    whens = [
        When(
            _Matches(SearchVector(document, config=config), _config_query(text, config)),
            then=SearchHeadline(document, _config_query(text, config), config=config, **options),
        )
        for config in configs
    ]
    default = SearchHeadline(
        document, _config_query(text, UNACCENT_CONFIG), config=UNACCENT_CONFIG, **options
    )
    return Case(*whens, default=default, output_field=TextField())


def ranked(
    qs: QuerySet,
    *,
    vector: Expression,
    text: str,
    title: Sequence[str],
    snippet: Sequence[str] = (),
    language: str = "en",
    html_fields: Sequence[str] = (),
    limit: int,
    offset: int = 0,
    values: Sequence[str] = (),
) -> tuple[list[dict], int]:
    """One query: the rows of ``qs`` matching ``text``, best first, ``limit`` from
    ``offset``, each a dict of ``values`` plus ``title_html``/``snippet_html`` (safe
    HTML) and ``rank``; and the number of matching rows (0 when the page is empty)."""
    query = search_query(text)
    annotations = {
        "search_rank": SearchRank(vector, query),
        "search_total": Window(Count("pk")),
        "search_title": headline(title, text, language=language, whole=True),
    }
    if snippet:
        annotations["search_snippet"] = headline(
            snippet, text, language=language, html_fields=html_fields
        )
    rows = list(
        qs.annotate(search_vector=vector)
        .filter(search_vector=query)
        .annotate(**annotations)
        .order_by("-search_rank", "-pk")
        .values(*values, *annotations)[offset : offset + limit]
    )
    total = rows[0]["search_total"] if rows else 0
    for row in rows:
        row["title_html"] = highlighted(row.pop("search_title"))
        row["snippet_html"] = highlighted(row.pop("search_snippet", ""), is_html=bool(html_fields))
        row["rank"] = row.pop("search_rank")
        row.pop("search_total")
    return rows, total


def highlighted(raw: str | None, *, is_html: bool = False) -> SafeString:
    """ts_headline output as safe HTML: the text escaped, the matches in <mark>.
    ``is_html``: the text came from rich text (tags removed in SQL), so its entities
    are decoded before escaping."""
    text = " ".join((raw or "").split())
    if is_html:
        text = html.unescape(text)
    plain, *marked = text.split(START_SEL)
    pieces = [escape(plain)]
    for piece in marked:
        match, _stop, rest = piece.partition(STOP_SEL)
        pieces.append(format_html("<mark>{}</mark>{}", match, rest))
    return format_html_join("", "{}", ((piece,) for piece in pieces))
