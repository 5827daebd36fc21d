"""Settings of a partnership (leaders): the landing page and API keys."""

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from hub.services import ApplicationError
from partnerships.forms import DateInput, PartnershipForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import ApiKey
from partnerships.roles import PartnershipPerm
from partnerships.selectors.apikeys import apikey_list
from partnerships.services.apikeys import MAX_LIFETIME_DAYS, apikey_create, apikey_revoke


class SettingsView(PartnershipMixin, TemplateView):
    """The settings landing page: one card per settings area."""

    required_perm = PartnershipPerm.MANAGE_SETTINGS
    section = "settings"
    template_name = "partnerships/settings/index.html"


class ApiKeyForm(PartnershipForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Say who or what uses the key, e.g. “Monitoring dashboard”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=ApiKey.Scope.choices,
        initial=ApiKey.Scope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "A read key can only read. A read and write key can also change what your "
            "own role allows."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy(
            "The key works until the end of this day; at most one year from today. "
            "Leave empty for one year."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        latest = today + datetime.timedelta(days=MAX_LIFETIME_DAYS)
        self.fields["expires_on"].widget.attrs.update(min=today.isoformat(), max=latest.isoformat())


class ApiKeyListView(PartnershipMixin, TemplateView):
    required_perm = PartnershipPerm.MANAGE_SETTINGS
    section = "settings"
    template_name = "partnerships/settings/apikeys.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            keys=apikey_list(partnership=self.partnership), now=timezone.now(), **kwargs
        )


class ApiKeyCreateView(PartnershipMixin, FormView):
    """The new key is shown once, in the answer to the POST; it is never stored."""

    required_perm = PartnershipPerm.MANAGE_SETTINGS
    section = "settings"
    form_class = ApiKeyForm
    template_name = "partnerships/settings/apikeys_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        try:
            key, raw_key = apikey_create(
                partnership=self.partnership,
                actor=self.request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
            return self.form_invalid(form)
        response = self.response_class(
            request=self.request,
            template=["partnerships/settings/apikeys_created.html"],
            context=self.get_context_data(key=key, raw_key=raw_key),
        )
        response["Cache-Control"] = "no-store"
        return response


class ApiKeyRevokeView(PartnershipMixin, View):
    required_perm = PartnershipPerm.MANAGE_SETTINGS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        key = self.get_tenant_object(ApiKey.objects.all(), uuid=kwargs["apikey_uuid"])
        try:
            apikey_revoke(key=key, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The key “%(name)s” is revoked: it no longer works.") % {"name": key.name},
            )
        return redirect("partnerships:apikey-list", self.partnership.slug)
