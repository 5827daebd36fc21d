"""The hub scorecard: the staff page (filters, publish, XLSX export) and the public
page of published figures."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hub.services import ApplicationError
from hub.views import StaffOnlyMixin
from mel.models import ScorecardSnapshot
from mel.reports.forms import ScorecardFilterForm, ScorecardPublishForm
from mel.reports.services import scorecard_export_start, scorecard_publish, scorecard_unpublish
from mel.selectors.scorecard import scorecard, year_range


def _filters(form) -> dict:
    if not form.is_valid():
        return {"first": None, "last": None, "country": "", "label": ""}
    year = form.cleaned_data.get("year")
    first, last = year_range(year) if year else (None, None)
    return {
        "first": first,
        "last": last,
        "country": form.cleaned_data.get("country") or "",
        "label": str(year) if year else "",
    }


class ScorecardStaffView(StaffOnlyMixin, TemplateView):
    template_name = "mel/scorecard_staff.html"

    def get_context_data(self, **kwargs):
        form = ScorecardFilterForm(self.request.GET or None)
        filters = _filters(form) if self.request.GET else _filters(ScorecardFilterForm({}))
        rows = scorecard(first=filters["first"], last=filters["last"], country=filters["country"])
        default_title = _("Hub scorecard %(period)s") % {
            "period": filters["label"] or datetime.date.today().isoformat()
        }
        return super().get_context_data(
            form=form,
            rows=rows,
            query=self.request.GET.urlencode(),
            publish_form=ScorecardPublishForm(
                initial={
                    "title": default_title,
                    "year": self.request.GET.get("year", ""),
                    "country": self.request.GET.get("country", ""),
                }
            ),
            snapshots=ScorecardSnapshot.objects.select_related("published_by")[:20],
            **kwargs,
        )


class ScorecardPublishView(StaffOnlyMixin, View):
    def post(self, request, *args, **kwargs):
        form = ScorecardPublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the published scorecard a title."))
            return HttpResponseRedirect(reverse("scorecard:manage"))
        filters = _filters(form)
        try:
            scorecard_publish(
                actor=request.user,
                title=form.cleaned_data["title"],
                first=filters["first"],
                last=filters["last"],
                period_label=filters["label"],
                country=filters["country"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The figures are published on the public scorecard."))
        return HttpResponseRedirect(reverse("scorecard:manage"))


class ScorecardUnpublishView(StaffOnlyMixin, View):
    def post(self, request, *args, **kwargs):
        snapshot = get_object_or_404(ScorecardSnapshot, uuid=kwargs["snapshot_uuid"])
        scorecard_unpublish(actor=request.user, snapshot=snapshot)
        messages.success(request, _("The figures are no longer public."))
        return HttpResponseRedirect(reverse("scorecard:manage"))


class ScorecardExportView(StaffOnlyMixin, View):
    def post(self, request, *args, **kwargs):
        filters = _filters(ScorecardFilterForm(request.POST))
        job = scorecard_export_start(
            actor=request.user,
            first=filters["first"],
            last=filters["last"],
            country=filters["country"],
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.uuid]))


class PublicScorecardView(TemplateView):
    """Only figures hub staff published; anyone may read them."""

    template_name = "mel/scorecard_public.html"

    def get_context_data(self, **kwargs):
        snapshots = list(ScorecardSnapshot.objects.select_related(None)[:20])
        chosen = _uuid_or_none(self.request.GET.get("s", ""))
        current = next((s for s in snapshots if s.uuid == chosen), None)
        if current is None and snapshots:
            current = snapshots[0]
        return super().get_context_data(current=current, snapshots=snapshots, **kwargs)


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
