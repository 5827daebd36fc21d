"""Report jobs started from the MEL dashboard, report schedules and scheduled reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.models import Job
from mel.models import ReportRun, ReportSchedule
from mel.reports.forms import ReportForm, ScheduleForm
from mel.reports.services import report_start, schedule_create, schedule_delete
from mel.views.base import ActionView, FormPage, MelPage
from partnerships.roles import MelPerm, PartnershipPerm


class ReportStartView(ActionView):
    """POST: start the MEL report job and open it."""

    required_perm = PartnershipPerm.VIEW

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose PDF or XLSX."))
            return HttpResponseRedirect(self.url("dashboard"))
        job = report_start(
            partnership=self.partnership, actor=request.user, fmt=form.cleaned_data["format"]
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.uuid]))


class ScheduleListView(FormPage):
    required_perm = MelPerm.LOCK_PERIOD
    required_perms = {"GET": PartnershipPerm.VIEW}
    template_name = "mel/reports/schedules.html"
    page_title = gettext_lazy("Scheduled reports")
    success_message = gettext_lazy("The report is scheduled.")
    sub = "reports"

    def get_form(self, data=None, files=None):
        return ScheduleForm(data, partnership=self.partnership)

    def perform(self, form):
        data = form.cleaned_data
        return schedule_create(
            partnership=self.partnership,
            actor=self.request.user,
            frequency=data["frequency"],
            fmt=data["format"],
            recipients=data["recipients"],
        )

    def get_success_url(self, result) -> str:
        return self.url("report-schedules")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schedules=ReportSchedule.objects.for_partnership(self.partnership)
            .select_related("created_by")
            .prefetch_related("recipients"),
            runs=ReportRun.objects.for_partnership(self.partnership).select_related(
                "schedule", "job"
            )[:12],
            can_schedule=self.has_perm(MelPerm.LOCK_PERIOD),
            report_form=ReportForm(),
            **kwargs,
        )


class ScheduleDeleteView(ActionView):
    required_perm = MelPerm.LOCK_PERIOD
    success_message = gettext_lazy("The schedule is deleted.")

    def setup_object(self):
        return self.get_tenant_object(
            ReportSchedule.objects, uuid=self.kwargs["report_schedule_uuid"]
        )

    def perform(self, schedule):
        schedule_delete(schedule=schedule)

    def get_success_url(self, obj) -> str:
        return self.url("report-schedules")


class ReportRunView(MelPage):
    """The link emailed with a scheduled report: the file once ready, else its status."""

    template_name = "mel/reports/run.html"
    sub = "reports"

    def get(self, request, *args, **kwargs):
        run = self.get_tenant_object(
            ReportRun.objects.select_related("job", "schedule"), uuid=self.kwargs["report_run_uuid"]
        )
        job = run.job
        if job is not None and job.status == Job.Status.SUCCEEDED and job.result_file:
            name = job.result_file.name.rsplit("/", 1)[-1]
            return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
        return self.render_to_response(self.get_context_data(run=run, job=job, **kwargs))
