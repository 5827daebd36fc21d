"""Entering values, the review workflow, evidence files, the review queue and locks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub.services import ApplicationError
from mel import forms
from mel.models import Indicator, Measurement, PeriodLock
from mel.selectors.tracking import review_queue
from mel.services import measurements as services
from mel.views.base import ActionView, FormPage, MelPage
from partnerships.roles import MelPerm, PartnershipPerm


class MeasurementFormMixin(FormPage):
    required_perm = MelPerm.ENTER_MEASUREMENT
    sub = "indicators"
    template_name = "mel/measurement_form.html"

    def get_success_url(self, measurement) -> str:
        return self.url("indicator-detail", measurement.indicator.uuid) + "#values"


class MeasurementCreateView(MeasurementFormMixin):
    page_title = gettext_lazy("Enter a value")

    def setup_object(self):
        self.indicator = self.get_tenant_object(
            Indicator.objects.select_related("result__framework").prefetch_related(
                "disaggregations", "custom_periods"
            ),
            uuid=self.kwargs["indicator_uuid"],
        )
        return None

    def get_form(self, data=None, files=None):
        return forms.MeasurementForm(data, partnership=self.partnership, indicator=self.indicator)

    def perform(self, form):
        start, end = form.cleaned_data["period"]
        return services.measurement_create(
            indicator=self.indicator,
            period_start=start,
            period_end=end,
            value=form.cleaned_data["value"],
            breakdown=form.breakdown(),
            narrative=form.cleaned_data["narrative"],
            actor=self.request.user,
            submit=form.cleaned_data.get("submit_for_review", False),
        )

    def get_cancel_url(self) -> str:
        return self.url("indicator-detail", self.indicator.uuid)

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)


class MeasurementEditView(MeasurementFormMixin):
    page_title = gettext_lazy("Change a value")

    def setup_object(self):
        measurement = self.get_tenant_object(
            Measurement.objects.select_related("indicator__result__framework").prefetch_related(
                "indicator__disaggregations"
            ),
            uuid=self.kwargs["measurement_uuid"],
        )
        self.indicator = measurement.indicator
        return measurement

    def get_form(self, data=None, files=None):
        m = self.object
        initial = {
            "value": m.value.normalize()
            if self.indicator.unit != "yes_no"
            else ("yes" if m.value else "no"),
            "narrative": m.narrative,
        }
        for category, values in (m.breakdown or {}).items():
            for value, number in values.items():
                initial[f"bd::{category}::{value}"] = number
        return forms.MeasurementForm(
            data,
            partnership=self.partnership,
            indicator=self.indicator,
            measurement=m,
            initial=initial,
        )

    def perform(self, form):
        measurement = services.measurement_update(
            measurement=self.object,
            value=form.cleaned_data["value"],
            breakdown=form.breakdown(),
            narrative=form.cleaned_data["narrative"],
            actor=self.request.user,
            change_reason=form.cleaned_data.get("change_reason", ""),
        )
        if form.cleaned_data.get("submit_for_review"):
            measurement = services.measurement_submit(
                measurement=measurement, actor=self.request.user
            )
        return measurement

    def get_cancel_url(self) -> str:
        return self.url("indicator-detail", self.indicator.uuid)

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)


class MeasurementActionView(ActionView):
    def setup_object(self):
        return self.get_tenant_object(
            Measurement.objects.select_related("indicator"), uuid=self.kwargs["measurement_uuid"]
        )

    def get_success_url(self, measurement) -> str:
        back = self.request.POST.get("next", "")
        if back == "review":
            return self.url("review")
        return self.url("indicator-detail", measurement.indicator.uuid) + "#values"


class MeasurementSubmitView(MeasurementActionView):
    required_perm = MelPerm.ENTER_MEASUREMENT
    success_message = gettext_lazy("The value was submitted for approval.")

    def perform(self, measurement):
        services.measurement_submit(measurement=measurement, actor=self.request.user)


class MeasurementApproveView(MeasurementActionView):
    required_perm = MelPerm.APPROVE_MEASUREMENT
    success_message = gettext_lazy("The value was approved.")

    def perform(self, measurement):
        services.measurement_approve(measurement=measurement, actor=self.request.user)


class MeasurementReturnView(MeasurementActionView):
    required_perm = MelPerm.APPROVE_MEASUREMENT
    success_message = gettext_lazy("The value was returned with your comment.")

    def perform(self, measurement):
        services.measurement_return(
            measurement=measurement,
            actor=self.request.user,
            comment=self.request.POST.get("comment", ""),
        )


class MeasurementDeleteView(MeasurementActionView):
    required_perm = MelPerm.ENTER_MEASUREMENT
    success_message = gettext_lazy("The value was deleted.")

    def perform(self, measurement):
        services.measurement_delete(measurement=measurement)


class EvidenceUploadView(MeasurementActionView):
    required_perm = MelPerm.ENTER_MEASUREMENT
    success_message = gettext_lazy("The evidence file was added.")

    def perform(self, measurement):
        form = forms.EvidenceForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            raise ApplicationError(_("Choose a file to upload."))
        services.evidence_add(
            measurement=measurement,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            actor=self.request.user,
        )


class ReviewView(MelPage):
    """Submitted values waiting for review; POST approves the ticked ones."""

    template_name = "mel/review.html"
    sub = "review"
    required_perms = {"POST": MelPerm.APPROVE_MEASUREMENT}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            queue=review_queue(partnership=self.partnership),
            return_form=forms.ReturnForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        uuids = request.POST.getlist("measurement")
        if not uuids:
            messages.error(request, _("Tick the values to approve."))
            return HttpResponseRedirect(self.url("review"))
        try:
            count = services.measurements_approve(
                partnership=self.partnership, uuids=uuids, actor=request.user
            )
        except ValidationError:  # malformed uuids
            messages.error(request, _("Tick the values to approve."))
            return HttpResponseRedirect(self.url("review"))
        messages.success(
            request,
            ngettext("%(count)s value approved.", "%(count)s values approved.", count)
            % {"count": count},
        )
        return HttpResponseRedirect(self.url("review"))


class LockListView(FormPage):
    required_perm = MelPerm.LOCK_PERIOD
    required_perms = {"GET": PartnershipPerm.VIEW}
    template_name = "mel/locks.html"
    page_title = gettext_lazy("Locked periods")
    sub = "locks"
    success_message = gettext_lazy("The period is locked.")

    def get_form(self, data=None, files=None):
        return forms.LockForm(data, partnership=self.partnership)

    def perform(self, form):
        return services.period_lock(
            partnership=self.partnership, actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self, lock) -> str:
        return self.url("lock-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            locks=PeriodLock.objects.for_partnership(self.partnership).select_related("locked_by"),
            **kwargs,
        )


class LockDeleteView(ActionView):
    required_perm = MelPerm.LOCK_PERIOD
    success_message = gettext_lazy("The period is unlocked.")

    def setup_object(self):
        return self.get_tenant_object(PeriodLock.objects, uuid=self.kwargs["lock_uuid"])

    def perform(self, lock):
        services.period_unlock(lock=lock)

    def get_success_url(self, lock) -> str:
        return self.url("lock-list")
