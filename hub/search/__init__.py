"""Global search: a registry of search sources that the apps fill from their
``AppConfig.ready()``. ``hub`` knows no domain app; each app registers the sources of
the content it owns and decides who may see what (see docs/adr/0016-global-search.md).

A source answers one query with one database query: its best hits (title, address,
highlighted snippet) and how many rows matched in all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

# Queries are cut to this many characters; shorter ones than MIN are not run.
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchRequest:
    text: str
    user: Any
    language: str  # the visitor's interface language ("en", "es", "fr", "pt")
    limit: int = 5
    offset: int = 0


@dataclass(frozen=True)
class SearchHit:
    title: SafeString  # escaped, matches in <mark>
    url: str
    snippet: str = ""  # SafeString, like title
    meta: Sequence[str] = ()  # short facts shown under the title ("Kenya", "Guide")
    rank: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class SearchSource:
    key: str  # in the address: /search/?type=<key>
    label: str  # the group heading (plural noun)
    search: Callable[[SearchRequest], SearchResults]
    order: int = 100
    # user → False when the source has nothing this person may see (no query is run)
    available: Callable[[Any], bool] = lambda user: True


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _sources[source.key] = source


def search_sources(user=None) -> list[SearchSource]:
    sources = sorted(_sources.values(), key=lambda source: (source.order, source.key))
    if user is None:
        return sources
    return [source for source in sources if source.available(user)]


def clean_query(text: str | None) -> str:
    """The query as searched: whitespace collapsed, cut to MAX_QUERY_LENGTH."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH].strip()
