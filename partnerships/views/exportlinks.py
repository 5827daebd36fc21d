"""Export links: the management page under /p/<slug>/settings/export-links/ (members
who can read a dataset) and the public token address /exports/<token>.csv|json."""

from __future__ import annotations

import csv
import io
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from rest_framework.throttling import SimpleRateThrottle

from hub.jobs.tasks import csv_safe
from hub.services import ApplicationError
from partnerships.exports import (
    creator_can_read,
    dataset_get,
    datasets_for,
    exportlink_for_token,
    exportlink_list,
)
from partnerships.forms import PartnershipForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import ExportLink
from partnerships.roles import PartnershipPerm
from partnerships.services.exportlinks import (
    exportlink_create,
    exportlink_revoke,
    exportlink_touch,
)


class ExportLinkForm(PartnershipForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=120,
        help_text=gettext_lazy("Say who or what uses the link, e.g. “Power BI dashboard”."),
    )
    dataset = forms.ChoiceField(label=gettext_lazy("Data"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=ExportLink.Format.choices,
        initial=ExportLink.Format.CSV,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [
            (d.key, d.label) for d in datasets_for(user=user, partnership=self.partnership)
        ]


class ExportLinkListView(PartnershipMixin, TemplateView):
    required_perm = PartnershipPerm.VIEW
    section = "settings"
    template_name = "partnerships/settings/exportlinks.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        all_links = self.has_perm(PartnershipPerm.MANAGE_SETTINGS)
        links = list(exportlink_list(partnership=self.partnership, user=user, all_links=all_links))
        for link in links:
            dataset = dataset_get(link.dataset)
            link.dataset_label = dataset.label if dataset else link.dataset
            # can_revoke() without a query per row: the partnership is this page's.
            link.revocable = link.revoked_at is None and (
                all_links or link.created_by_id == user.pk
            )
        return super().get_context_data(links=links, all_links=all_links, **kwargs)


class ExportLinkCreateView(PartnershipMixin, FormView):
    """The link is shown once, in the answer to the POST; its token is never stored."""

    required_perm = PartnershipPerm.VIEW
    section = "settings"
    form_class = ExportLinkForm
    template_name = "partnerships/settings/exportlinks_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.partnership,
            "user": self.request.user,
        }

    def form_valid(self, form):
        try:
            link, raw_token = exportlink_create(
                partnership=self.partnership,
                actor=self.request.user,
                name=form.cleaned_data["name"],
                dataset=form.cleaned_data["dataset"],
                format=form.cleaned_data["format"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
            return self.form_invalid(form)
        path = reverse("exports:download", kwargs={"token": raw_token, "fmt": link.format})
        response = self.response_class(
            request=self.request,
            template=["partnerships/settings/exportlinks_created.html"],
            context=self.get_context_data(
                link=link, export_url=self.request.build_absolute_uri(path)
            ),
        )
        response["Cache-Control"] = "no-store"
        return response


class ExportLinkRevokeView(PartnershipMixin, View):
    required_perm = PartnershipPerm.VIEW
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        link = self.get_tenant_object(ExportLink.objects.all(), uuid=kwargs["exportlink_uuid"])
        try:
            exportlink_revoke(link=link, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The link “%(name)s” is revoked: it no longer works.") % {"name": link.name},
            )
        return redirect("partnerships:exportlink-list", self.partnership.slug)


# --- the public address ------------------------------------------------------------------


class ExportLinkThrottle(SimpleRateThrottle):
    """Per link, whoever calls it (the hub's API throttling, keyed by the link)."""

    scope = "export_link"

    def __init__(self):
        self.rate = getattr(settings, "EXPORT_LINK_RATE", "120/hour")
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": view.link.token_prefix}


def _csv_rows(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                csv_safe(json.dumps(value) if isinstance(value, dict | list) else value)
                for value in (row[c] for c in columns)
            ]
        )
        yield buffer.getvalue()


class ExportLinkDownloadView(View):
    """No session needed: the token is the credential. An unknown, revoked or
    wrong-format token, or a creator who can no longer read the data, is 404."""

    http_method_names = ["get", "head"]

    def get(self, request, token, fmt):
        link = exportlink_for_token(token) if fmt in ExportLink.Format.values else None
        if link is None or link.format != fmt:
            raise Http404
        dataset = dataset_get(link.dataset)
        if dataset is None or not creator_can_read(link, dataset):
            raise Http404
        self.link = link
        throttle = ExportLinkThrottle()
        if not throttle.allow_request(request, self):
            response = HttpResponse(
                _("Too many requests for this link: try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(int(throttle.wait() or 1))
            return response
        exportlink_touch(link=link)
        rows = dataset.rows(link.partnership)
        filename = f"{link.partnership.slug}-{dataset.key}.{fmt}"
        if fmt == ExportLink.Format.CSV:
            response = StreamingHttpResponse(
                _csv_rows(dataset.columns, rows), content_type="text/csv; charset=utf-8"
            )
        else:
            body = {
                "dataset": dataset.key,
                "partnership": link.partnership.slug,
                "generated_at": timezone.now(),
                "rows": list(rows),
            }
            response = HttpResponse(
                json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json"
            )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
