"""Organizations in global search (``hub.search``). The organization pages are for
signed-in people, so anonymous visitors do not search them."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.models import Organization
from hub.search import SearchHit, SearchRequest, SearchResults, SearchSource
from hub.search import register_search_source as _register
from hub.search.postgres import ranked


def organization_search(request: SearchRequest) -> SearchResults:
    rows, total = ranked(
        Organization.objects.all(),
        vector=F("search_document"),
        text=request.text,
        title=("name",),
        snippet=("acronym", "description"),
        language=request.language,
        limit=request.limit,
        offset=request.offset,
        values=("uuid", "type"),
    )
    types = dict(Organization.Type.choices)
    hits = [
        SearchHit(
            title=row["title_html"],
            url=reverse("organizations:organization-detail", kwargs={"uuid": row["uuid"]}),
            snippet=row["snippet_html"],
            meta=[str(types.get(row["type"], ""))],
            rank=row["rank"],
        )
        for row in rows
    ]
    return SearchResults(hits=hits, total=total)


def register() -> None:
    _register(
        SearchSource(
            key="organizations",
            label=_("Organizations"),
            search=organization_search,
            order=30,
            available=lambda user: user.is_authenticated,
        )
    )
