"""Indicators, their reference sheet and page (chart, values, targets), disaggregations
and the hub library."""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mel import forms
from mel.models import (
    Disaggregation,
    Indicator,
    LibraryIndicator,
    MeasurementEvidence,
    MeasurementRevision,
    PeriodLock,
)
from mel.periods import period_label
from mel.selectors.tracking import indicator_list, indicator_series, percent_achieved
from mel.services import indicators as services
from mel.services import measurements as measurement_services
from mel.services.auto_values import indicator_pull_auto_values as pull_auto_values
from mel.values import format_value
from mel.views.base import ActionView, FormPage, MelPage
from partnerships.roles import MelPerm, PartnershipPerm


class IndicatorListView(MelPage):
    template_name = "mel/indicator_list.html"
    sub = "indicators"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicators=indicator_list(partnership=self.partnership), **kwargs
        )


class IndicatorFormMixin(FormPage):
    required_perm = MelPerm.EDIT_FRAMEWORK
    sub = "indicators"
    template_name = "mel/indicator_form.html"

    def get_form(self, data=None, files=None):
        initial = forms.IndicatorForm.initial_for(self.object) if self.object else {}
        if not initial and self.request.GET.get("result"):
            initial["result"] = self.partnership_result(self.request.GET["result"])
        return forms.IndicatorForm(data, partnership=self.partnership, initial=initial)

    def partnership_result(self, uuid):
        from mel.models import Result

        try:
            return Result.objects.for_partnership(self.partnership).filter(uuid=uuid).first()
        except Exception:
            return None

    def get_success_url(self, indicator) -> str:
        return self.url("indicator-detail", indicator.uuid)

    def get_cancel_url(self) -> str:
        return self.url("indicator-list")


class IndicatorCreateView(IndicatorFormMixin):
    page_title = gettext_lazy("New indicator")

    def perform(self, form):
        return services.indicator_create(partnership=self.partnership, **form.cleaned_data)


class IndicatorEditView(IndicatorFormMixin):
    page_title = gettext_lazy("Edit the indicator")

    def setup_object(self):
        return self.get_tenant_object(Indicator.objects, uuid=self.kwargs["indicator_uuid"])

    def perform(self, form):
        return services.indicator_update(indicator=self.object, **form.cleaned_data)

    def get_cancel_url(self) -> str:
        return self.url("indicator-detail", self.object.uuid)


class IndicatorDetailView(MelPage):
    template_name = "mel/indicator_detail.html"
    sub = "indicators"

    def get_context_data(self, **kwargs):
        indicator = self.get_tenant_object(
            Indicator.objects.select_related(
                "result", "result__framework", "responsible", "library_indicator"
            ).prefetch_related("disaggregations", "custom_periods"),
            uuid=self.kwargs["indicator_uuid"],
        )
        measurements = list(
            indicator.measurements.select_related("entered_by", "reviewed_by")
            .prefetch_related(
                "evidence",
                Prefetch(
                    "revisions", queryset=MeasurementRevision.objects.select_related("changed_by")
                ),
            )
            .order_by("-period_start")
        )
        targets = {t.period_start: t for t in indicator.targets.all()}
        rows = []
        for m in measurements:
            target = targets.get(m.period_start)
            rows.append(
                {
                    "m": m,
                    "label": period_label(indicator.frequency, m.period_start, m.period_end),
                    "value": format_value(m.value, indicator.unit),
                    "target": format_value(target.value, indicator.unit) if target else "",
                    "percent": percent_achieved(
                        indicator, m.value, target.value if target else None
                    ),
                }
            )
        target_rows = [
            (
                period_label(indicator.frequency, t.period_start, t.period_end),
                format_value(t.value, indicator.unit),
                t,
            )
            for t in sorted(targets.values(), key=lambda t: t.period_start)
        ]
        series = indicator_series(indicator=indicator)
        return super().get_context_data(
            indicator=indicator,
            rows=rows,
            target_rows=target_rows,
            series=series,
            series_json=json.dumps(series),
            has_breakdown=bool(series["breakdown"]),
            target_form=forms.TargetForm(partnership=self.partnership, indicator=indicator),
            return_form=forms.ReturnForm(),
            evidence_form=forms.EvidenceForm(),
            locks=list(PeriodLock.objects.for_partnership(self.partnership)),
            current_period=_current_period(indicator),
            **kwargs,
        )


def _current_period(indicator: Indicator) -> str:
    from django.utils import timezone

    from mel.models import Frequency
    from mel.periods import period_containing

    if indicator.frequency == Frequency.CUSTOM:
        return ""
    start, end = period_containing(indicator.frequency, timezone.localdate())
    return f"{start.isoformat()}|{end.isoformat()}"


class TargetSetView(FormPage):
    required_perm = MelPerm.ENTER_MEASUREMENT
    page_title = gettext_lazy("Set a target")
    sub = "indicators"

    def setup_object(self):
        return self.get_tenant_object(Indicator.objects, uuid=self.kwargs["indicator_uuid"])

    def get_form(self, data=None, files=None):
        return forms.TargetForm(data, partnership=self.partnership, indicator=self.object)

    def perform(self, form):
        start, end = form.cleaned_data["period"]
        return measurement_services.target_set(
            indicator=self.object,
            period_start=start,
            period_end=end,
            value=form.cleaned_data["value"],
        )

    def get_success_url(self, target) -> str:
        return self.url("indicator-detail", self.object.uuid) + "#targets"

    def get_cancel_url(self) -> str:
        return self.url("indicator-detail", self.object.uuid)


class DisaggregationListView(FormPage):
    """The partnership's disaggregation categories; POST adds one."""

    required_perm = MelPerm.EDIT_FRAMEWORK
    required_perms = {"GET": PartnershipPerm.VIEW}
    template_name = "mel/disaggregations.html"
    page_title = gettext_lazy("Disaggregations")
    sub = "indicators"
    success_message = gettext_lazy("The disaggregation was added.")

    def get_form(self, data=None, files=None):
        return forms.DisaggregationForm(data, partnership=self.partnership)

    def perform(self, form):
        return services.disaggregation_create(partnership=self.partnership, **form.cleaned_data)

    def get_success_url(self, row) -> str:
        return self.url("disaggregation-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            disaggregations=Disaggregation.objects.for_partnership(self.partnership), **kwargs
        )


class LibraryView(MelPage):
    template_name = "mel/library.html"
    sub = "library"

    def get_context_data(self, **kwargs):
        adopted = dict(
            Indicator.objects.for_partnership(self.partnership)
            .filter(library_indicator__isnull=False)
            .values_list("library_indicator_id", "uuid")
        )
        items = list(LibraryIndicator.objects.filter(is_published=True).order_by("code"))
        for item in items:
            item.adopted_uuid = adopted.get(item.pk)
        return super().get_context_data(
            items=items,
            adopt_form=forms.AdoptForm(partnership=self.partnership, auto_id="adopt_%s"),
            **kwargs,
        )


class LibraryAdoptView(FormPage):
    required_perm = MelPerm.EDIT_FRAMEWORK
    page_title = gettext_lazy("Adopt a library indicator")
    sub = "library"

    def get_form(self, data=None, files=None):
        return forms.AdoptForm(data, partnership=self.partnership)

    def perform(self, form):
        data = form.cleaned_data
        return services.library_adopt(
            partnership=self.partnership,
            library_indicator=data["library_indicator"],
            result=data["result"],
            code=data["code"] or None,
            frequency=data["frequency"],
        )

    def get_success_url(self, indicator) -> str:
        messages.success(
            self.request, _("“%(name)s” was added to your indicators.") % {"name": indicator.name}
        )
        return self.url("indicator-detail", indicator.uuid)

    def get_cancel_url(self) -> str:
        return self.url("library")


class EvidenceDownloadView(MelPage):
    def get(self, request, *args, **kwargs):
        evidence = self.get_tenant_object(
            MeasurementEvidence.objects, uuid=self.kwargs["mel_evidence_uuid"]
        )
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.file.name.rsplit("/", 1)[-1],
        )


class AutoValuesPullView(ActionView):
    """POST: refresh the draft values of an auto-sourced indicator now."""

    required_perm = MelPerm.ENTER_MEASUREMENT

    def setup_object(self):
        return self.get_tenant_object(
            Indicator.objects.select_related("partnership", "result"),
            uuid=self.kwargs["indicator_uuid"],
        )

    def perform(self, indicator):
        result = pull_auto_values(indicator=indicator, actor=self.request.user)
        messages.success(
            self.request,
            _("Updated from capacity records: %(created)s new, %(updated)s changed drafts.")
            % {"created": result.created, "updated": result.updated},
        )

    def get_success_url(self, indicator) -> str:
        return self.url("indicator-detail", indicator.uuid)


class IndicatorDeleteView(ActionView):
    required_perm = MelPerm.EDIT_FRAMEWORK

    def setup_object(self):
        return self.get_tenant_object(Indicator.objects, uuid=self.kwargs["indicator_uuid"])

    def perform(self, indicator):
        services.indicator_delete(indicator=indicator)
        self.deleted = True

    def get_success_url(self, indicator) -> str:
        if getattr(self, "deleted", False):
            return self.url("indicator-list")
        return self.url("indicator-detail", indicator.uuid)
