from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.views.generic import TemplateView

from hub.services import ApplicationError

DASHBOARD_RECENT_ITEMS = 5


class HomeView(TemplateView):
    template_name = "hub/home.html"


class DashboardView(LoginRequiredMixin, TemplateView):
    """The signed-in person's start page: their partnerships, unread notifications and jobs."""

    template_name = "hub/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        unread = user.notifications.filter(read_at__isnull=True)
        context.update(
            memberships=list(
                user.memberships.select_related("partnership").order_by(
                    "partnership__name", "partnership__pk"
                )
            ),
            unread_notification_count=unread.count(),
            recent_notifications=list(unread.order_by("-created_at")[:DASHBOARD_RECENT_ITEMS]),
            recent_jobs=list(
                user.jobs.select_related("partnership").order_by("-created_at")[
                    :DASHBOARD_RECENT_ITEMS
                ]
            ),
        )
        return context


class StaffOnlyMixin:
    """Hub staff only; anyone else gets a 404 (the page does not exist for them)."""

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ServiceFormMixin:
    """For FormViews whose valid data goes to a service: ``perform(data)`` calls it; a
    refusal (``ApplicationError``) comes back as a form error with status 400 and
    nothing changed; success redirects to ``get_success_url(result)``."""

    success_message = ""

    def perform(self, data: dict):
        raise NotImplementedError

    def form_valid(self, form):
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
        if self.request.method != "GET":
            response.status_code = 400
        return response
