from django.utils.translation import gettext

from hub.jobs.runner import JobError, job_task
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
