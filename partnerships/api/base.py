"""The one base class for partnership-scoped API views (/api/v1/partnerships/<slug>/...)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from partnerships.access import access_partnership
from partnerships.models import ApiKey
from partnerships.roles import PartnershipPerm

# A codename no role holds: methods a view does not declare are refused.
NOBODY = "partnerships.nobody"


def api_key_of(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class PartnershipApiView(GenericAPIView):
    """Resolves ``self.partnership`` and ``self.role`` once per request.

    ``required_perms`` maps HTTP methods to permission codenames; ``None`` lets in
    everyone who can see the partnership (public ones: every signed-in caller). HEAD
    and OPTIONS follow GET. In this order: an invisible partnership, or another
    partnership than the API key's, is 404; a method the view lacks is 405; a missing
    permission is 403; so is a write with a read-scoped key.
    """

    partnership_kwarg = "partnership_slug"
    permission_classes = [IsAuthenticated]
    required_perms: dict[str, str | None] = {
        "GET": PartnershipPerm.VIEW,
        "POST": PartnershipPerm.EDIT_CONTENT,
        "PUT": PartnershipPerm.EDIT_CONTENT,
        "PATCH": PartnershipPerm.EDIT_CONTENT,
        "DELETE": PartnershipPerm.EDIT_CONTENT,
    }

    @classmethod
    def perm_for_method(cls, method: str) -> str | None:
        method = method.upper()
        if method in ("HEAD", "OPTIONS") and method not in cls.required_perms:
            method = "GET"
        return cls.required_perms.get(method, NOBODY)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        access = access_partnership(request.user, kwargs[self.partnership_kwarg])
        key = api_key_of(request)
        if key is not None and key.partnership_id != access.partnership.pk:
            raise exceptions.NotFound()
        self.partnership, self.role = access.partnership, access.role
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)
        perm = self.perm_for_method(request.method)
        if perm is not None and not request.user.has_perm(perm, self.partnership):
            raise exceptions.PermissionDenied()
        if (
            key is not None
            and key.scope == ApiKey.Scope.READ
            and request.method not in SAFE_METHODS
        ):
            raise exceptions.PermissionDenied(_("This API key may only read."))

    def get_tenant_object(self, queryset, **lookup):
        """One row of this partnership; another partnership's row is 404."""
        obj = queryset.for_partnership(self.partnership).filter(**lookup).first()
        if obj is None:
            raise exceptions.NotFound()
        return obj
