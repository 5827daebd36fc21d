"""Landscapes, stories and library resources in global search (``hub.search``).

Who finds what is what the public pages show: landscapes of public, approved
partnerships (plus a member's own partnerships' landscapes, and all for hub staff —
``Landscape.objects.readable_by``); published stories of the hub and of public
partnerships (hub staff: every story, drafts included); published library resources.
"""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.search import SearchHit, SearchRequest, SearchResults, SearchSource
from hub.search import register_search_source as _register
from hub.search.postgres import ranked
from landscapes.models import Landscape
from landscapes.models_content import (
    Resource,
    Story,
)
from partnerships.models import Partnership


def landscape_search(request: SearchRequest) -> SearchResults:
    rows, total = ranked(
        Landscape.objects.readable_by(request.user),
        vector=F("search_document"),
        text=request.text,
        title=("name",),
        snippet=("description", "objectives", "intervention_strategy"),
        html_fields=("description", "objectives", "intervention_strategy"),
        language=request.language,
        limit=request.limit,
        offset=request.offset,
        values=("slug", "partnership__slug", "partnership__name"),
    )
    hits = [
        SearchHit(
            title=row["title_html"],
            url=reverse(
                "landscapes:landscape-detail",
                kwargs={
                    "partnership_slug": row["partnership__slug"],
                    "landscape_slug": row["slug"],
                },
            ),
            snippet=row["snippet_html"],
            meta=[row["partnership__name"]],
            rank=row["rank"],
        )
        for row in rows
    ]
    return SearchResults(hits=hits, total=total)


def story_search(request: SearchRequest) -> SearchResults:
    user = request.user
    staff = user.is_authenticated and user.is_staff
    qs = Story.objects.all() if staff else Story.objects.public()
    rows, total = ranked(
        qs,
        vector=F("search_document"),
        text=request.text,
        title=("title",),
        snippet=("summary", "body"),
        html_fields=("body",),
        language=request.language,
        limit=request.limit,
        offset=request.offset,
        values=(
            "uuid",
            "status",
            "partnership_id",
            "partnership__name",
            "partnership__visibility",
            "partnership__approval",
        ),
    )
    statuses = dict(Story.Status.choices)
    hits = []
    for row in rows:
        meta = [row["partnership__name"] or str(_("Hub story"))]
        if row["status"] != Story.Status.PUBLISHED:
            meta.append(str(statuses[row["status"]]))
        # Hub staff also find stories that have no public page: those open in review.
        name = "stories:detail" if _has_public_page(row) else "stories:review-detail"
        hits.append(
            SearchHit(
                title=row["title_html"],
                url=reverse(name, kwargs={"story_uuid": row["uuid"]}),
                snippet=row["snippet_html"],
                meta=meta,
                rank=row["rank"],
            )
        )
    return SearchResults(hits=hits, total=total)


def _has_public_page(row: dict) -> bool:
    if row["status"] != Story.Status.PUBLISHED:
        return False
    return row["partnership_id"] is None or (
        row["partnership__visibility"] == Partnership.Visibility.PUBLIC
        and row["partnership__approval"] == Partnership.Approval.APPROVED
    )


def resource_search(request: SearchRequest) -> SearchResults:
    rows, total = ranked(
        Resource.objects.public(),
        vector=F("search_document"),
        text=request.text,
        title=("title",),
        snippet=("description",),
        language=request.language,
        limit=request.limit,
        offset=request.offset,
        values=("uuid", "kind"),
    )
    kinds = dict(Resource.Kind.choices)
    hits = [
        SearchHit(
            title=row["title_html"],
            url=reverse("library:detail", kwargs={"resource_uuid": row["uuid"]}),
            snippet=row["snippet_html"],
            meta=[str(kinds.get(row["kind"], ""))],
            rank=row["rank"],
        )
        for row in rows
    ]
    return SearchResults(hits=hits, total=total)


def register() -> None:
    _register(
        SearchSource(key="landscapes", label=_("Landscapes"), search=landscape_search, order=20)
    )
    _register(SearchSource(key="stories", label=_("Stories"), search=story_search, order=40))
    _register(
        SearchSource(
            key="resources", label=_("Library resources"), search=resource_search, order=50
        )
    )
