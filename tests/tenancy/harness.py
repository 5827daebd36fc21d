"""The isolation harness: every URL pattern under /p/<slug>/ and
/api/v1/partnerships/<slug>/, requested by every kind of caller, must answer what the
permission map implies, and another partnership's rows must answer 404.

Views declare their permission per method (``perm_for_method``); URL keyword
arguments other than the partnership slug are filled by ``FILLERS``: a function per
kwarg name that creates a row in the given partnership and returns the value for the
URL. A new page or endpoint only needs its fillers registered here (or in its app's
tests via ``register_filler``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from partnerships.roles import Role, role_has_perm

TENANT_PREFIXES = ("p/<slug:partnership_slug>/", "api/v1/partnerships/<slug:partnership_slug>/")
PARTNERSHIP_KWARG = "partnership_slug"

FILLERS: dict[str, Callable[[object], str]] = {}


def register_filler(kwarg: str):
    def decorator(func: Callable[[object], str]):
        FILLERS[kwarg] = func
        return func

    return decorator


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    pattern: URLPattern

    @property
    def view_class(self):
        callback = self.pattern.callback
        return getattr(callback, "cls", None) or getattr(callback, "view_class", None)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def object_kwargs(self) -> list[str]:
        return [k for k in self.pattern.pattern.regex.groupindex if k != PARTNERSHIP_KWARG]

    @property
    def method(self) -> str:
        """The method the harness uses: GET when the view answers it, else POST."""
        view = self.view_class
        allowed = [m for m in getattr(view, "http_method_names", ["get"]) if hasattr(view, m)]
        return "GET" if "get" in allowed else "POST"

    def perm(self) -> str | None:
        return self.view_class.perm_for_method(self.method)

    def __str__(self) -> str:
        return self.route


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def tenant_routes() -> list[Route]:
    return [
        Route(route=route, name=name, pattern=pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith(TENANT_PREFIXES)
    ]


CALLERS = ("anonymous", "outsider", "other_member", "staff", *Role.values)


def expected_outcome(route: Route, caller: str, *, public: bool) -> str:
    """'allowed', 'login' (HTML: redirect to sign in), 'unauthenticated' (API: 401),
    'forbidden' (403) or 'not_found' (404)."""
    perm = route.perm()
    if caller == "anonymous" and route.is_api:
        return "unauthenticated"
    member_role = caller if caller in Role.values else None
    visible = public or member_role is not None or caller == "staff"
    if not visible:
        return "not_found"
    if perm is None:
        return "allowed"
    if member_role is not None:
        return "allowed" if role_has_perm(member_role, perm) else "forbidden"
    if caller == "staff":
        return "allowed" if perm == "partnerships.view_partnership" else "forbidden"
    return "login" if caller == "anonymous" else "forbidden"


def classify(response) -> str:
    status = response.status_code
    if status == 404:
        return "not_found"
    if status == 403:
        return "forbidden"
    if status == 401:
        return "unauthenticated"
    if status in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if status >= 500:
        return f"server_error_{status}"
    return "allowed"
