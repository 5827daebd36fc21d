"""Celery tasks of the finance app (they take ids, re-fetch and are safe to run twice)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext

from hub.jobs.runner import JobError, JobResult, job_task
from hub.jobs.services import job_progress
from hub.models import Job


@job_task(soft_time_limit=300, time_limit=360)
def portfolio_pdf_task(job: Job) -> JobResult:
    """The portfolio summary PDF for funders."""
    from finance.exports.pdf import portfolio_pdf
    from finance.models import Portfolio
    from finance.selectors.exports import portfolio_export

    portfolio = (
        Portfolio.objects.filter(pk=job.params.get("portfolio_id"))
        .select_related("partnership")
        .first()
    )
    if portfolio is None or portfolio.partnership_id != job.partnership_id:
        raise JobError(gettext("The portfolio was deleted."))
    job_progress(job=job, percent=10, message=gettext("Reading the investments"))
    data = portfolio_export(portfolio=portfolio)
    job_progress(job=job, percent=40, message=gettext("Writing the PDF"))
    content = portfolio_pdf(data)
    stamp = timezone.localdate().isoformat()
    return JobResult(
        filename=f"portfolio-{portfolio.partnership.slug}-{stamp}.pdf", content=content
    )


@shared_task
def mobilization_reminders_task() -> int:
    """Daily: remind proposal owners of deadlines in a week, tomorrow or just missed;
    safe to run twice (a reminder is stored before it is sent)."""
    from finance.services.mobilization import mobilization_reminders_send

    return mobilization_reminders_send(today=timezone.localdate())
