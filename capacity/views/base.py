"""Shared pieces of the capacity pages: cohort access (outside /p/<slug>/) and forms
whose valid data goes to a service."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from capacity.models import Cohort
from capacity.permissions import cohort_access
from capacity.selectors.cohorts import cohort_detail


class CohortMixin:
    """Resolves ``self.cohort`` and ``self.access`` for pages under
    /capacity/cohorts/<cohort_uuid>/. A cohort the caller cannot see is 404 (like one
    that does not exist); a visible one without the needed access is 403.

    ``need``: "view" (members of its partnerships, its trainers, the provider's staff,
    hub staff), "teach" (trainers, provider's staff, hub staff), "manage" (provider's
    staff, hub staff) or "enroll" (teachers, and members who manage capacity in one of
    its partnerships)."""

    need = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            self.cohort = cohort_detail(uuid=kwargs["cohort_uuid"])
        except Cohort.DoesNotExist:
            raise Http404 from None
        self.cohort_partnerships = list(self.cohort.partnerships.all())
        self.access = cohort_access(
            request.user, self.cohort, partnership_ids=[p.pk for p in self.cohort_partnerships]
        )
        if not self.access.can_view:
            raise Http404
        allowed = {
            "view": True,
            "teach": self.access.can_teach,
            "manage": self.access.can_manage,
            "enroll": self.access.can_enroll,
        }[self.need]
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cohort=self.cohort,
            program=self.cohort.program,
            access=self.access,
            cohort_partnerships=self.cohort_partnerships,
        )
        return context
