from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, QuerySet

from capacity.models import LearningResource


def resource_search(
    *, query: str = "", competency=None, language: str = "", format: str = "", kind: str = ""
) -> QuerySet[LearningResource]:
    resources = LearningResource.objects.filter(is_published=True).prefetch_related("competencies")
    if competency is not None:
        resources = resources.filter(competencies=competency)
    if language:
        resources = resources.filter(language=language)
    if format:
        resources = resources.filter(format=format)
    if kind:
        resources = resources.filter(kind=kind)
    query = query.strip()
    if not query:
        return resources.order_by("title")
    vector = SearchVector("title", "description", config="simple")
    search = SearchQuery(query, config="simple", search_type="websearch")
    return (
        resources.annotate(rank=SearchRank(vector, search))
        .filter(Q(rank__gt=0) | Q(title__icontains=query) | Q(competencies__name__icontains=query))
        .distinct()
        .order_by(F("rank").desc(nulls_last=True), "title")
    )
