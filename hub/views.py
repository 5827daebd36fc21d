from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

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
