from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView

from hub.models import Notification, User
from hub.notifications import selectors, services
from hub.notifications.emails import InvalidUnsubscribeToken, unsubscribe_token_read
from hub.notifications.forms import EmailPreferencesForm
from hub.notifications.kinds import kind_get

LIST_TEMPLATE = "hub/notifications/notification_list.html"
BELL_TEMPLATE = "hub/notifications/partials/bell.html"


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = LIST_TEMPLATE
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_unread"] = any(n.read_at is None for n in context["notifications"])
        return context


class NotificationMarkReadView(LoginRequiredMixin, View):
    def post(self, request, uuid):
        try:
            notification = selectors.notification_get(user=request.user, uuid=uuid)
        except Notification.DoesNotExist:
            raise Http404 from None
        services.notification_mark_read(notification=notification)
        if request.htmx:
            response = render(request, f"{LIST_TEMPLATE}#row", {"notification": notification})
            response["HX-Trigger"] = "notifications-changed"
            return response
        return redirect("notifications:list")


class NotificationMarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notification_mark_all_read(user=request.user)
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:list")


class NotificationBellView(LoginRequiredMixin, View):
    def get(self, request):
        unread = selectors.notification_unread_count(user=request.user)
        return render(request, f"{BELL_TEMPLATE}#link", {"unread_count": unread})


class NotificationPreferencesView(LoginRequiredMixin, TemplateView):
    template_name = "hub/notifications/preferences.html"

    def get_form(self):
        current = selectors.notification_email_preferences(user=self.request.user)
        data = self.request.POST if self.request.method == "POST" else None
        return EmailPreferencesForm(data, initial_by_kind=current)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        return context

    def post(self, request):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_context(form)
        services.notification_preferences_update(
            user=request.user, email_by_kind=form.email_by_kind()
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")

    def render_to_context(self, form):
        return self.render_to_response(self.get_context_data(form=form))


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe from one kind of email, without signing in.

    GET shows a confirmation button (mail scanners follow links, so GET changes
    nothing). POST unsubscribes: from that button, or directly from a mail client
    (RFC 8058 ``List-Unsubscribe-Post``), which sends no CSRF token; the signed token
    is the authorisation."""

    template_name = "hub/notifications/unsubscribe.html"

    def _resolve(self, token):
        try:
            user_id, kind = unsubscribe_token_read(token)
        except InvalidUnsubscribeToken:
            return None, None
        user = User.objects.filter(pk=user_id, is_active=True).first()
        return user, (kind_get(kind) if user else None)

    def _invalid(self, request):
        return render(request, self.template_name, {"invalid": True}, status=400)

    def get(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return self._invalid(request)
        return render(
            request,
            self.template_name,
            {
                "kind": kind,
                "email": user.email,
                "action": reverse("notifications:unsubscribe", args=[token]),
            },
        )

    def post(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return self._invalid(request)
        services.notification_preference_set(user=user, kind=kind.key, email=False)
        return render(
            request, self.template_name, {"kind": kind, "email": user.email, "done": True}
        )
