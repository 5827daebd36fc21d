"""The one base class for partnership-scoped API views (/api/v1/partnerships/<slug>/...)."""

from django.shortcuts import get_object_or_404
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView

from partnerships.access import access_partnership
from partnerships.models import ApiKey
from partnerships.roles import PartnershipPerm

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PartnershipApiView(GenericAPIView):
    """Resolves ``self.partnership`` and ``self.role`` once per request.

    ``required_perms`` maps HTTP methods to permission codenames. A key is bound to
    one partnership: any other partnership answers 404 to it. A read-scoped key may
    only use safe methods.
    """

    partnership_kwarg = "partnership_slug"
    required_perms: dict[str, str] = {
        "GET": PartnershipPerm.VIEW,
        "HEAD": PartnershipPerm.VIEW,
        "OPTIONS": PartnershipPerm.VIEW,
        "POST": PartnershipPerm.EDIT_CONTENT,
        "PUT": PartnershipPerm.EDIT_CONTENT,
        "PATCH": PartnershipPerm.EDIT_CONTENT,
        "DELETE": PartnershipPerm.EDIT_CONTENT,
    }

    @classmethod
    def perm_for_method(cls, method: str) -> str | None:
        return cls.required_perms.get(method.upper())

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        access = access_partnership(request.user, kwargs[self.partnership_kwarg])
        key = request.auth if isinstance(request.auth, ApiKey) else None
        if key is not None and key.partnership_id != access.partnership.pk:
            raise exceptions.NotFound()
        self.partnership, self.role = access.partnership, access.role
        perm = self.perm_for_method(request.method)
        if perm is None or not request.user.has_perm(perm, self.partnership):
            raise exceptions.PermissionDenied()
        if (
            key is not None
            and key.scope == ApiKey.Scope.READ
            and request.method not in SAFE_METHODS
        ):
            raise exceptions.PermissionDenied("This API key may only read.")

    def get_tenant_object(self, queryset, **lookup):
        return get_object_or_404(queryset.for_partnership(self.partnership), **lookup)
