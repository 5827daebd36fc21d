"""Security headers on every kind of response, and templates that keep the CSP workable."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.parametrize("url", ["/", "/landscapes/", "/accounts/login/", "/api/v1/users/me/"])
def test_pages_and_api_send_the_security_headers(client, url):
    response = client.get(url)

    policy = _policy(response)
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_embed_widget_may_be_framed_by_partner_websites(client):
    response = client.get(reverse("landscapes-public:embed"))

    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert _policy(response)["frame-ancestors"] == "*"
    assert _policy(response)["script-src"] == "'self'"


def test_only_the_api_documentation_viewers_allow_their_inline_start_scripts(client):
    docs = client.get(reverse("api-v1:docs"))
    home = client.get("/")

    assert "'unsafe-inline'" in _policy(docs)["script-src"]
    assert "'unsafe-inline'" not in _policy(home)["script-src"]


def test_map_tiles_are_the_only_images_from_elsewhere(client):
    policy = _policy(client.get("/"))

    assert policy["img-src"].split() == [
        "'self'",
        "data:",
        "blob:",
        "https://tile.openstreetmap.org",
    ]


def test_production_settings_turn_on_https_only_cookies_and_hsts():
    code = (
        "import django.conf, os;"
        "from hub import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "hub.example.org",
        "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()

    assert int(out[0]) >= 60 * 60 * 24 * 365
    assert out[1:] == ["True", "True", "True"]


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_templates_have_no_inline_scripts_or_event_handlers():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if path.name == "redoc.html" and path.parent.name == "api":
            continue  # the documentation viewer; its view relaxes the policy
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]

    assert offenders == [], "The CSP blocks these; move them to static/js:\n" + "\n".join(offenders)
