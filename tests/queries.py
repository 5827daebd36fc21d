"""Query-count helper: assert that a block runs the same number of queries for N and
2N rows, and show the SQL when it does not."""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def capture_queries():
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def _sql_listing(ctx: CaptureQueriesContext) -> str:
    return "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(ctx.captured_queries, 1))


def assert_constant_queries(
    action: Callable[[], object], grow: Callable[[], object], *, max_queries: int | None = None
) -> int:
    """Run ``action``, call ``grow`` to add rows, run ``action`` again: both runs must
    issue the same number of queries (and at most ``max_queries`` when given).
    Returns the count."""
    with capture_queries() as first:
        action()
    grow()
    with capture_queries() as second:
        action()
    assert len(first) == len(second), (
        f"query count grew with the data: {len(first)} then {len(second)}\n"
        f"--- first run ---\n{_sql_listing(first)}\n--- second run ---\n{_sql_listing(second)}"
    )
    if max_queries is not None:
        assert len(second) <= max_queries, (
            f"{len(second)} queries, expected at most {max_queries}\n{_sql_listing(second)}"
        )
    return len(second)
