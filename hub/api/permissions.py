from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ApiKeyScope(BasePermission):
    """A read-scoped API key may only use safe methods, on any endpoint.

    Credentials that carry a ``scope`` (API keys) are checked; sessions are not."""

    message = _("This API key may only read.")

    def has_permission(self, request, view):
        scope = getattr(request.auth, "scope", None)
        return scope is None or scope != "read" or request.method in SAFE_METHODS
