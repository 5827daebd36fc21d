"""Reads for stories and the knowledge library. Public reads return published content
only (stories also only of the hub and of public partnerships), with the landscapes
an anonymous visitor may see; lists fetch their related rows up front so that a page
costs the same number of queries whatever its length."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, Prefetch, QuerySet

from landscapes.models import Landscape
from landscapes.models_content import Resource, Story
from partnerships.models import Partnership


def _public_landscapes() -> Prefetch:
    return Prefetch(
        "landscapes",
        queryset=Landscape.objects.public().select_related("partnership").order_by("name"),
    )


# ---------------------------------------------------------------------------- stories


def story_public_list(*, landscape: Landscape | None = None) -> QuerySet[Story]:
    qs = (
        Story.objects.public()
        .select_related("partnership")
        .prefetch_related(_public_landscapes())
        .order_by("-published_at", "-pk")
    )
    if landscape is not None:
        qs = qs.filter(landscapes=landscape)
    return qs


def story_public_get(*, uuid) -> Story:
    """A published, public story; Story.DoesNotExist otherwise (drafts too)."""
    return (
        Story.objects.public()
        .select_related("partnership", "author")
        .prefetch_related(_public_landscapes())
        .get(uuid=uuid)
    )


def story_list_for_partnership(*, partnership: Partnership) -> QuerySet[Story]:
    return (
        Story.objects.for_partnership(partnership)
        .select_related("author")
        .prefetch_related("landscapes")
        .order_by("-updated_at", "-pk")
    )


def story_get_for_partnership(*, partnership: Partnership, uuid) -> Story:
    return (
        Story.objects.for_partnership(partnership)
        .select_related("author", "partnership", "published_by")
        .prefetch_related("landscapes")
        .get(uuid=uuid)
    )


def story_review_list() -> QuerySet[Story]:
    """Hub staff: every story, the ones waiting for review first."""
    return (
        Story.objects.select_related("partnership", "author")
        .prefetch_related("landscapes")
        .order_by("-submitted_at", "-updated_at", "-pk")
    )


def story_get(*, uuid) -> Story:
    """Any story (hub staff pages)."""
    return (
        Story.objects.select_related("partnership", "author", "published_by")
        .prefetch_related("landscapes")
        .get(uuid=uuid)
    )


# ---------------------------------------------------------------------------- library


def resource_public_list(
    *, kind: str = "", tag: str = "", language: str = "", q: str = ""
) -> QuerySet[Resource]:
    """Published resources, filtered; with ``q``, ranked by PostgreSQL full-text search
    over title and description (the 'simple' configuration: no stemming, so it works
    the same in the four platform languages)."""
    qs = Resource.objects.public().prefetch_related(
        Prefetch("partnerships", queryset=Partnership.objects.public().order_by("name")),
        _public_landscapes(),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if tag:
        qs = qs.filter(tags__contains=[tag])
    if language:
        qs = qs.filter(languages__contains=[language])
    q = (q or "").strip()
    if q:
        query = SearchQuery(q, config="simple", search_type="websearch")
        vector = SearchVector("title", "description", config="simple")
        return (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "-published_at", "-pk")
        )
    return qs.order_by("-published_at", "-pk")


def resource_public_get(*, uuid) -> Resource:
    return (
        Resource.objects.public()
        .select_related("partnership")
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.public().order_by("name")),
            _public_landscapes(),
        )
        .get(uuid=uuid)
    )


def resource_tag_options() -> list[str]:
    """Tags in use on published resources, alphabetically."""
    return list(
        Resource.objects.public()
        .annotate(tag=Func(F("tags"), function="unnest"))
        .values_list("tag", flat=True)
        .distinct()
        .order_by("tag")
    )


def resource_list_for_partnership(*, partnership: Partnership) -> QuerySet[Resource]:
    return (
        Resource.objects.for_partnership(partnership)
        .select_related("proposed_by")
        .prefetch_related("landscapes")
        .order_by("-created_at", "-pk")
    )


def resource_get_for_partnership(*, partnership: Partnership, uuid) -> Resource:
    return Resource.objects.for_partnership(partnership).get(uuid=uuid)


def resource_review_list() -> QuerySet[Resource]:
    """Hub staff: every resource, proposals first."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        Resource.objects.select_related("partnership", "proposed_by")
        .annotate(
            waiting=Case(
                When(status=Resource.Status.PROPOSED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-created_at", "-pk")
    )


def resource_get(*, uuid) -> Resource:
    return (
        Resource.objects.select_related("partnership", "proposed_by", "decided_by")
        .prefetch_related("partnerships", "landscapes")
        .get(uuid=uuid)
    )
