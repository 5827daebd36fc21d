import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet

from hub.models import Organization

_WORD = re.compile(r"\w+")


def organization_search_vector() -> SearchVector:
    """The expression of ``organization_search_idx``: keep them identical so the GIN
    index serves the search."""
    return SearchVector("name", "acronym", "description", config="simple")


def organization_search_query(text: str) -> SearchQuery | None:
    """Every word must match, each as a prefix ("forest" finds "Forests"); operators
    and punctuation in the input are ignored."""
    words = _WORD.findall(text.lower())[:10]
    if not words:
        return None
    raw = " & ".join(f"'{word}':*" for word in words)
    return SearchQuery(raw, config="simple", search_type="raw")


def organization_list(*, query: str = "", type: str = "") -> QuerySet[Organization]:
    """Organizations matching every word of ``query`` (best matches first) and of
    ``type``; all of them by name when there is no query."""
    qs = Organization.objects.all()
    if type:
        qs = qs.filter(type=type)
    search = organization_search_query(query)
    if search is None:
        return qs.order_by("name")
    return (
        qs.annotate(search=organization_search_vector())
        .filter(search=search)
        .annotate(rank=SearchRank(F("search"), search))
        .order_by("-rank", "name")
    )


def organization_get(*, uuid) -> Organization:
    return Organization.objects.get(uuid=uuid)
