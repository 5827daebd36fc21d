"""Shared pieces of the capacity pages: cohort access (outside /p/<slug>/) and forms
whose valid data goes to a service."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect

from capacity.models import Cohort
from capacity.permissions import cohort_access
from capacity.selectors.cohorts import cohort_detail
from hub.services import ApplicationError


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


class ServiceFormMixin:
    """form_valid calls ``perform(data)``; a service refusal becomes a form error
    (status 400) and nothing changes."""

    success_message = ""

    def perform(self, data: dict):
        raise NotImplementedError

    def form_valid(self, form):
        from django.contrib import messages

        try:
            result = self.perform(form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(result))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if self.request.method == "POST":
            response.status_code = 400
        return response
