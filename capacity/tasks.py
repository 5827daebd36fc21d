import io
import zipfile

from django.utils.translation import gettext

from capacity.models import Certificate, Cohort, Enrollment
from capacity.services.certificates import certificate_issue
from hub.jobs.runner import JobError, JobResult, job_task
from hub.jobs.services import job_progress
from hub.models import Job
from hub.services import ApplicationError


@job_task()
def certificate_batch_task(job: Job) -> JobResult:
    """Issue a certificate (PDF) to everyone who completed the cohort and has none yet;
    the result is a ZIP of the cohort's valid certificates. Running it again issues
    nothing twice."""
    cohort = Cohort.objects.filter(uuid=job.params.get("cohort_uuid")).first()
    if cohort is None:
        raise JobError(gettext("The cohort no longer exists."))
    completed = list(
        Enrollment.objects.filter(
            cohort=cohort,
            status=Enrollment.Status.COMPLETED,
            participant__consent_withdrawn_at__isnull=True,
        ).order_by("pk")
    )
    total = len(completed) or 1
    for index, enrollment in enumerate(completed, start=1):
        try:
            certificate_issue(enrollment=enrollment)
        except ApplicationError as error:
            raise JobError(error.message) from error
        job_progress(
            job=job,
            percent=index * 100 // total,
            message=gettext("%(done)s of %(total)s certificates") % {"done": index, "total": total},
        )
    buffer = io.BytesIO()
    certificates = (
        Certificate.objects.filter(enrollment__cohort=cohort, revoked_at__isnull=True)
        .exclude(file="")
        .select_related("enrollment__participant")
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            with certificate.file.open("rb") as handle:
                archive.writestr(f"certificate-{certificate.code}.pdf", handle.read())
    return JobResult(filename=f"certificates-{cohort.uuid}.zip", content=buffer.getvalue())


@job_task()
def participation_export_task(job: Job) -> JobResult:
    """The participation workbook of one partnership for a period."""
    import datetime

    from capacity.exports import participation_workbook

    if job.partnership is None:
        raise JobError(gettext("The partnership no longer exists."))
    start = datetime.date.fromisoformat(job.params["period_start"])
    end = datetime.date.fromisoformat(job.params["period_end"])
    content = participation_workbook(
        partnership=job.partnership, period_start=start, period_end=end
    )
    return JobResult(
        filename=f"participation-{job.partnership.slug}-{start}-{end}.xlsx", content=content
    )
