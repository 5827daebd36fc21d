import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, get_valid_filename
from django.utils.translation import gettext_lazy as _

from hub.celery import app as celery_app
from hub.models import Job, User
from hub.notifications import kinds
from hub.notifications.services import notify

logger = logging.getLogger(__name__)


def _publish(job_id: int, task_name: str) -> None:
    celery_app.signature(task_name, args=[job_id]).apply_async()


def _enqueue(job: Job) -> None:
    # robust: when the broker is unreachable the job stays pending (the page still
    # answers) and job_requeue_stale queues it again later.
    job_id, task_name = job.pk, job.task_name
    transaction.on_commit(lambda: _publish(job_id, task_name), robust=True)


@transaction.atomic
def job_create(
    *,
    owner: User,
    kind: str,
    title: str,
    task_name: str,
    params: dict | None = None,
    partnership=None,
) -> Job:
    """Record a job and run ``task_name`` (a task made with ``@job_task``) on it
    after commit."""
    job = Job(
        owner=owner,
        partnership=partnership,
        kind=kind,
        title=title,
        task_name=task_name,
        params=params or {},
        attempts=1,
    )
    job.full_clean()
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def job_start(*, job_id: int) -> Job | None:
    """Mark the job running; None when there is nothing to run (missing or finished).

    A job found already running was interrupted (its worker died and the task was
    redelivered): it starts again."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.progress, job.progress_message, job.error = 0, "", ""
    job.save(
        update_fields=[
            "status",
            "started_at",
            "progress",
            "progress_message",
            "error",
            "updated_at",
        ]
    )
    return job


def job_progress(*, job: Job, percent: int, message: str = "") -> None:
    """Report progress; committed at once so that the page polling the job sees it."""
    job.progress = max(0, min(100, int(percent)))
    job.progress_message = str(message)[:200]
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        progress=job.progress, progress_message=job.progress_message, updated_at=timezone.now()
    )


@transaction.atomic
def job_succeed(*, job: Job, content: bytes | str | None = None, filename: str = "") -> Job:
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.status == Job.Status.SUCCEEDED:
        return locked
    if content is not None:
        if isinstance(content, str):
            content = content.encode("utf-8")
        name = get_valid_filename(filename or "result")
        locked.result_file.save(f"{locked.uuid}/{name}", ContentFile(content), save=False)
    locked.status = Job.Status.SUCCEEDED
    locked.progress, locked.progress_message, locked.error = 100, "", ""
    locked.finished_at = timezone.now()
    locked.full_clean()
    locked.save()
    _notify_finished(locked)
    return locked


@transaction.atomic
def job_fail(*, job: Job, error: str) -> Job:
    """Mark the job failed with ``error``, a message the owner can act on."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.is_finished:
        return locked
    locked.status = Job.Status.FAILED
    locked.error = str(error)
    locked.progress_message = ""
    locked.finished_at = timezone.now()
    locked.full_clean()
    locked.save()
    _notify_finished(locked)
    return locked


@transaction.atomic
def job_retry(*, job: Job, actor: User) -> Job:
    """Run a failed job again, for its owner."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.owner_id != actor.pk:
        raise PermissionDenied
    if locked.status != Job.Status.FAILED:
        raise ValidationError(_("Only a failed job can be tried again."))
    if locked.result_file:
        locked.result_file.delete(save=False)
    locked.status = Job.Status.PENDING
    locked.progress, locked.progress_message, locked.error = 0, "", ""
    locked.started_at = locked.finished_at = None
    locked.attempts += 1
    locked.full_clean()
    locked.save()
    _enqueue(locked)
    return locked


def _notify_finished(job: Job) -> None:
    if job.status == Job.Status.SUCCEEDED:
        title = format_lazy(_("“{title}” is ready"), title=job.title)
        body = _("Open the job to download the result.")
    else:
        title = format_lazy(_("“{title}” did not finish"), title=job.title)
        body = job.error
    notify(
        recipients=[job.owner],
        kind=kinds.JOB_FINISHED,
        title=title,
        body=body,
        url=reverse("jobs:detail", args=[job.uuid]),
        dedup_key=f"job-finished:{job.uuid}:{job.attempts}",
    )


def job_requeue_stale(*, older_than: datetime.timedelta) -> int:
    """Queue again the jobs still waiting ``older_than`` after they were queued: their
    message was lost (the broker was unreachable then). A job queued twice runs once
    (see ``hub.jobs.runner``). Returns how many were queued again."""
    now = timezone.now()
    stale = Job.objects.filter(status=Job.Status.PENDING, updated_at__lt=now - older_than)
    queued = 0
    for job_id, task_name in stale.values_list("pk", "task_name"):
        _publish(job_id, task_name)
        Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(updated_at=now)
        queued += 1
    if queued:
        logger.warning("Queued %s waiting jobs again.", queued)
    return queued


def job_cleanup(*, older_than: datetime.timedelta) -> int:
    """Delete finished jobs (and their result files) that finished before
    now - ``older_than``. Returns how many jobs were deleted."""
    cutoff = timezone.now() - older_than
    deleted = 0
    stale = Job.objects.filter(
        status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], finished_at__lt=cutoff
    )
    for job in stale.only("pk", "result_file").iterator(chunk_size=500):
        with transaction.atomic():
            if job.result_file:
                job.result_file.delete(save=False)
            deleted += Job.objects.filter(pk=job.pk).delete()[0]
    logger.info("Deleted %s finished jobs older than %s.", deleted, cutoff)
    return deleted
