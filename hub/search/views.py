"""The global search page, /search/: every registered source, best hits first, grouped
by type; with ``type=<key>`` one source, paginated. Public: anonymous visitors search
what the public pages show."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import TemplateView

from hub.search import (
    MIN_QUERY_LENGTH,
    SearchRequest,
    SearchResults,
    SearchSource,
    clean_query,
    search_sources,
)

HITS_PER_GROUP = 5
HITS_PER_PAGE = 20


@dataclass
class SearchGroup:
    source: SearchSource
    results: SearchResults
    more_url: str = ""


@dataclass
class SearchPage:
    number: int
    num_pages: int
    previous_url: str = ""
    next_url: str = ""


def _url(**params) -> str:
    return f"{reverse('hub:search')}?{urlencode({k: v for k, v in params.items() if v})}"


class SearchView(TemplateView):
    template_name = "hub/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = clean_query(self.request.GET.get("q"))
        sources = search_sources(user)
        by_key = {source.key: source for source in sources}
        selected = by_key.get(self.request.GET.get("type", ""))
        context.update(query=query, sources=sources, selected=selected, groups=[], page=None)
        if len(query) < MIN_QUERY_LENGTH:
            context["too_short"] = bool(query)
            return context
        language = (get_language() or "en")[:2]
        if selected is None:
            groups = []
            for source in sources:
                results = source.search(
                    SearchRequest(text=query, user=user, language=language, limit=HITS_PER_GROUP)
                )
                if results.total:
                    more = _url(q=query, type=source.key) if results.total > HITS_PER_GROUP else ""
                    groups.append(SearchGroup(source=source, results=results, more_url=more))
            context["groups"] = groups
        else:
            number = _page_number(self.request.GET.get("page"))
            results = self._page(selected, query, language, number)
            if not results.hits and number > 1:  # past the end: show the first page
                number, results = 1, self._page(selected, query, language, 1)
            num_pages = max(1, -(-results.total // HITS_PER_PAGE))
            context["groups"] = [SearchGroup(source=selected, results=results)]
            context["page"] = SearchPage(
                number=number,
                num_pages=num_pages,
                previous_url=_url(q=query, type=selected.key, page=number - 1 if number > 2 else "")
                if number > 1
                else "",
                next_url=_url(q=query, type=selected.key, page=number + 1)
                if number < num_pages
                else "",
            )
        context["total"] = sum(group.results.total for group in context["groups"])
        context["all_url"] = _url(q=query)
        return context

    def _page(self, source, query, language, number) -> SearchResults:
        return source.search(
            SearchRequest(
                text=query,
                user=self.request.user,
                language=language,
                limit=HITS_PER_PAGE,
                offset=(number - 1) * HITS_PER_PAGE,
            )
        )


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), 1000)
    except (TypeError, ValueError):
        return 1
