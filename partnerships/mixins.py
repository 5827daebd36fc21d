"""The one mixin every partnership-scoped HTML view uses (pages under /p/<slug>/)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships.access import access_partnership
from partnerships.roles import PartnershipPerm


class PartnershipMixin:
    """Resolves ``self.partnership`` and ``self.role`` once, then checks
    ``required_perm`` (a codename answered by ``user.has_perm(perm, partnership)``).

    Set ``required_perm = None`` for pages anyone who can see the partnership may
    open (the public profile); ``required_perms`` overrides it per HTTP method. Anonymous callers without the permission are sent to
    sign in; signed-in callers get 403; an invisible partnership is 404.
    """

    required_perm: str | None = PartnershipPerm.VIEW
    # Per-method overrides, e.g. {"POST": PartnershipPerm.MANAGE_MEMBERS}.
    required_perms: dict[str, str | None] = {}
    partnership_kwarg = "partnership_slug"

    @classmethod
    def perm_for_method(cls, method: str) -> str | None:
        return cls.required_perms.get(method.upper(), cls.required_perm)

    def dispatch(self, request, *args, **kwargs):
        access = access_partnership(request.user, kwargs[self.partnership_kwarg])
        self.partnership, self.role = access.partnership, access.role
        perm = self.get_required_perm()
        if perm is not None and not request.user.has_perm(perm, self.partnership):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_required_perm(self) -> str | None:
        return self.perm_for_method(self.request.method)

    def has_perm(self, perm: str) -> bool:
        return self.request.user.has_perm(perm, self.partnership)

    def get_tenant_object(self, queryset, **lookup):
        """One row of this partnership, 404 for another partnership's row."""
        return get_object_or_404(queryset.for_partnership(self.partnership), **lookup)

    section: str = ""

    def get_context_data(self, **kwargs):
        from partnerships.roles import Role

        context = super().get_context_data(**kwargs)
        context.update(
            partnership=self.partnership,
            role=self.role,
            role_label=Role(self.role).label if self.role else "",
            section=self.section,
        )
        return context
