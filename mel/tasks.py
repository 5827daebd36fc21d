from celery import shared_task
from django.utils.translation import gettext

from hub.jobs.runner import JobError, JobResult, job_task, pause_for_tests
from hub.jobs.services import job_progress
from hub.models import Job
from mel.models import ImportBatch
from mel.services.imports import import_process


@job_task()
def import_run_task(job: Job) -> None:
    """Run a large import; the import page shows the job's progress and the errors."""
    batch = ImportBatch.objects.filter(pk=job.params.get("batch_id")).first()
    if batch is None:
        raise JobError(gettext("The import was deleted."))
    batch = import_process(
        batch=batch,
        progress=lambda percent, message: job_progress(job=job, percent=percent, message=message),
    )
    if batch.status == ImportBatch.Status.FAILED:
        raise JobError(
            gettext("Nothing was imported: %(count)s errors. Open the import to see them.")
            % {"count": batch.error_count}
        )


def _date(value: str | None):
    import datetime

    return datetime.date.fromisoformat(value) if value else None


def _report_render(job: Job) -> JobResult:
    """The partnership MEL report as PDF or XLSX (the job's result file)."""
    from django.utils import timezone

    from mel.reports.data import report_data
    from mel.reports.pdf import report_pdf
    from mel.reports.xlsx import report_xlsx
    from partnerships.models import Partnership

    partnership = Partnership.objects.filter(pk=job.params.get("partnership_id")).first()
    if partnership is None:
        raise JobError(gettext("The partnership was deleted."))
    job_progress(job=job, percent=10, message=gettext("Reading the values"))
    data = report_data(
        partnership=partnership,
        first=_date(job.params.get("first")),
        last=_date(job.params.get("last")),
    )
    fmt = job.params.get("format", "pdf")
    job_progress(job=job, percent=50, message=gettext("Writing the report"))
    pause_for_tests()
    content = report_pdf(data) if fmt == "pdf" else report_xlsx(data)
    stamp = timezone.localdate().isoformat()
    return JobResult(filename=f"mel-report-{partnership.slug}-{stamp}.{fmt}", content=content)


report_render_job = job_task(
    name="mel.tasks.report_render_job", soft_time_limit=1800, time_limit=1900
)(_report_render)


@shared_task(name="mel.tasks.report_render_task", soft_time_limit=1800, time_limit=1900)
def report_render_task(job_id: int) -> str | None:
    """Render the report job, then, only once the job is committed as succeeded with
    its file, email a scheduled report's recipients (exactly once, however often this
    task runs) and announce ``report.ready``."""
    from mel.reports.services import report_job_finished

    status = report_render_job.run(job_id)
    report_job_finished(job_id=job_id, completed_now=status == Job.Status.SUCCEEDED)
    return status


@job_task()
def scorecard_xlsx_task(job: Job) -> JobResult:
    from mel.reports.xlsx import scorecard_xlsx
    from mel.selectors.scorecard import scorecard

    first, last = _date(job.params.get("first")), _date(job.params.get("last"))
    country = job.params.get("country", "")
    rows = scorecard(first=first, last=last, country=country)
    period = f"{first or ''} – {last or ''}" if first or last else ""
    return JobResult(
        filename="hub-scorecard.xlsx", content=scorecard_xlsx(rows, period=period, country=country)
    )


@shared_task
def report_schedules_task() -> int:
    from django.utils import timezone

    from mel.reports.services import scheduled_reports_run

    return scheduled_reports_run(today=timezone.localdate())


@shared_task
def data_reminders_task() -> int:
    from django.utils import timezone

    from mel.reports.services import data_reminders_send

    return data_reminders_send(today=timezone.localdate())


@shared_task
def auto_values_pull_task() -> int:
    """Daily: refresh the draft values of indicators fed by another app's records."""
    from mel.services.auto_values import auto_values_pull_all

    return auto_values_pull_all()
