"""The partnerships of global search (``hub.search``): public, approved partnerships for
everyone, plus a member's own partnerships (whatever their visibility) and every
partnership for hub staff — the rows ``Partnership.objects.visible_to`` gives."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from hub.search import SearchHit, SearchRequest, SearchResults, SearchSource
from hub.search import register_search_source as _register
from hub.search.postgres import ranked
from partnerships.models import Partnership

HTML_FIELDS = ("description",)


def _country_names(value) -> list[str]:
    codes = value if isinstance(value, list | tuple) else str(value or "").split(",")
    return [str(country_names.name(str(code))) for code in codes if str(code)]


def partnership_search(request: SearchRequest) -> SearchResults:
    visible = Partnership.objects.visible_to(request.user).values("pk")
    rows, total = ranked(
        Partnership.objects.filter(pk__in=visible),
        vector=F("search_document"),
        text=request.text,
        title=("name",),
        snippet=("short_description", "description"),
        html_fields=HTML_FIELDS,
        language=request.language,
        limit=request.limit,
        offset=request.offset,
        values=("slug", "countries"),
    )
    hits = [
        SearchHit(
            title=row["title_html"],
            url=reverse("partnerships:profile", kwargs={"partnership_slug": row["slug"]}),
            snippet=row["snippet_html"],
            meta=_country_names(row["countries"]),
            rank=row["rank"],
        )
        for row in rows
    ]
    return SearchResults(hits=hits, total=total)


def register() -> None:
    _register(
        SearchSource(
            key="partnerships", label=_("Partnerships"), search=partnership_search, order=10
        )
    )
