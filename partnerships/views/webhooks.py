"""Settings of a partnership (leaders): webhooks and the API usage page (ADR 0010)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from hub.events import EVENT_TYPES
from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from partnerships.forms import PartnershipForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import WebhookDelivery, WebhookEndpoint
from partnerships.roles import PartnershipPerm
from partnerships.selectors.webhooks import api_usage, webhook_deliveries, webhook_list
from partnerships.services import webhooks as services
from partnerships.webhooks import signing


def _event_choices():
    return [(name, f"{name} — {description}") for name, description in EVENT_TYPES.items()]


class WebhookEventsForm(PartnershipForm):
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Optional: which system receives the events."),
    )
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=_event_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one event.")},
    )


class WebhookForm(WebhookEventsForm):
    url = forms.URLField(
        label=gettext_lazy("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "We send each event as a signed POST request with a JSON body to this address "
            "(https, on the public internet)."
        ),
    )

    field_order = ["url", "description", "event_types"]


class _WebhookMixin(PartnershipMixin):
    required_perm = PartnershipPerm.MANAGE_SETTINGS
    section = "settings"

    def get_endpoint(self) -> WebhookEndpoint:
        return self.get_tenant_object(
            WebhookEndpoint.objects.all(), uuid=self.kwargs["webhook_uuid"]
        )

    def back(self, endpoint: WebhookEndpoint | None = None):
        if endpoint is None:
            return redirect("partnerships:webhook-list", self.partnership.slug)
        return redirect("partnerships:webhook-detail", self.partnership.slug, endpoint.uuid)

    def secret_page(self, endpoint: WebhookEndpoint, secret: str, *, rotated: bool):
        response = TemplateResponse(
            self.request,
            "partnerships/settings/webhooks_secret.html",
            {
                "partnership": self.partnership,
                "role": self.role,
                "section": self.section,
                "endpoint": endpoint,
                "secret": secret,
                "rotated": rotated,
                "signature_header": signing.SIGNATURE_HEADER,
                "previous_header": signing.PREVIOUS_SIGNATURE_HEADER,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class WebhookListView(_WebhookMixin, TemplateView):
    template_name = "partnerships/settings/webhooks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            endpoints=webhook_list(partnership=self.partnership), **kwargs
        )


class WebhookCreateView(_WebhookMixin, FormView):
    """The secret is shown once, in the answer to the POST."""

    form_class = WebhookForm
    template_name = "partnerships/settings/webhooks_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            endpoint, secret = services.webhook_create(
                partnership=self.partnership,
                actor=self.request.user,
                url=data["url"],
                description=data["description"],
                event_types=data["event_types"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
            return self.form_invalid(form)
        return self.secret_page(endpoint, secret, rotated=False)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class WebhookUpdateView(_WebhookMixin, ServiceFormMixin, FormView):
    form_class = WebhookEventsForm
    template_name = "partnerships/settings/webhooks_form.html"
    success_message = gettext_lazy("The webhook is saved.")

    @cached_property
    def endpoint(self) -> WebhookEndpoint:
        return self.get_endpoint()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.partnership,
            "initial": {
                "description": self.endpoint.description,
                "event_types": self.endpoint.event_types,
            },
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(endpoint=self.endpoint, **kwargs)

    def perform(self, data):
        return services.webhook_update(
            endpoint=self.endpoint,
            actor=self.request.user,
            description=data["description"],
            event_types=data["event_types"],
        )

    def get_success_url(self, result):
        return self.back(result).url


class WebhookDetailView(_WebhookMixin, TemplateView):
    """The endpoint and its delivery log, newest first."""

    template_name = "partnerships/settings/webhooks_detail.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        endpoint = self.get_endpoint()
        page = Paginator(webhook_deliveries(endpoint=endpoint), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            endpoint=endpoint,
            page_obj=page,
            deliveries=page.object_list,
            events=[(name, EVENT_TYPES.get(name, "")) for name in endpoint.event_types],
            now=timezone.now(),
            **kwargs,
        )


class WebhookRotateView(_WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        endpoint, secret = services.webhook_rotate_secret(
            endpoint=self.get_endpoint(), actor=request.user
        )
        return self.secret_page(endpoint, secret, rotated=True)


class WebhookActiveView(_WebhookMixin, View):
    """POST ``active=1`` enables, ``active=0`` disables."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        endpoint = self.get_endpoint()
        active = request.POST.get("active") == "1"
        try:
            endpoint = services.webhook_set_active(
                endpoint=endpoint, actor=request.user, active=active
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The webhook is enabled: waiting events are sent now.")
                if active
                else _("The webhook is disabled: no events are sent to it."),
            )
        return self.back(endpoint)


class WebhookDeleteView(_WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        endpoint = self.get_endpoint()
        services.webhook_delete(endpoint=endpoint, actor=request.user)
        messages.success(request, _("The webhook to %(url)s is deleted.") % {"url": endpoint.url})
        return self.back()


class WebhookTestView(_WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        endpoint = self.get_endpoint()
        try:
            services.webhook_send_test(endpoint=endpoint, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("A test event is on its way; see the log below."))
        return self.back(endpoint)


class WebhookRedeliverView(_WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        delivery = self.get_tenant_object(
            WebhookDelivery.objects.select_related("endpoint"), uuid=kwargs["delivery_uuid"]
        )
        endpoint = delivery.endpoint
        try:
            services.webhook_redeliver(delivery=delivery, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The event is sent again; see the log below."))
        return self.back(endpoint)


class ApiUsageView(PartnershipMixin, TemplateView):
    """Requests and errors per API key per day over the last 30 days."""

    required_perm = PartnershipPerm.MANAGE_SETTINGS
    section = "settings"
    template_name = "partnerships/settings/api_usage.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            usage=api_usage(partnership=self.partnership),
            chart_labels={"errors": _("Errors")},
            **kwargs,
        )
