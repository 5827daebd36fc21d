"""``@job_task``: the shape of every Celery task that works on a ``Job`` row.

    @job_task()
    def report_render_task(job):
        job_progress(job=job, percent=50, message=gettext("Adding the charts"))
        return JobResult(filename="report.pdf", content=pdf_bytes)

The decorated function receives the job (already marked running) and returns a
``JobResult`` or None. The wrapper marks the job succeeded or failed, runs in the
owner's language, and does nothing for a job that already finished, so a duplicated
delivery runs nothing twice. While it runs, the job is claimed with a PostgreSQL
session advisory lock: a second delivery of the same job meanwhile (a redelivery,
a re-queued pending job) does nothing, and a worker that dies (even by SIGKILL) loses
its connection and so its claim, so the redelivered message runs the job again.
Raise ``JobError`` with a message the owner can act on; any other exception is logged
and shown as a generic message.
"""

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from hub.jobs.services import job_fail, job_start, job_succeed
from hub.models import Job

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes | str


class JobError(Exception):
    """A failure the owner can understand and act on; its message is shown to them."""


@contextlib.contextmanager
def job_claim(job_id: int) -> Iterator[bool]:
    """Whether this process holds the job for the duration of the block."""
    key = f"job:{job_id}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [key])
        claimed = cursor.fetchone()[0]
    try:
        yield claimed
    finally:
        if claimed:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [key])


def pause_for_tests() -> None:
    """Make a step last ``HUB_TEST_JOB_PAUSE`` seconds (0 outside the reliability tests,
    which kill or cut off a worker in the middle of a job)."""
    if settings.HUB_TEST_JOB_PAUSE:
        time.sleep(settings.HUB_TEST_JOB_PAUSE)


def job_task(**task_options) -> Callable:
    def decorator(func: Callable[[Job], JobResult | None]):
        name = task_options.pop("name", f"{func.__module__}.{func.__name__}")

        def run(job_id: int) -> str | None:
            with job_claim(job_id) as claimed:
                if not claimed:
                    logger.info("Job %s is running elsewhere; nothing to do.", job_id)
                    return None
                return _run(job_id)

        def _run(job_id: int) -> str | None:
            job = job_start(job_id=job_id)
            if job is None:
                logger.info("Job %s is missing or finished; nothing to do.", job_id)
                return None
            language = job.owner.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                try:
                    result = func(job)
                except JobError as exc:
                    job_fail(job=job, error=str(exc))
                    return Job.Status.FAILED
                except SoftTimeLimitExceeded:
                    logger.warning("Job %s (%s) hit the time limit.", job.pk, name)
                    job_fail(
                        job=job,
                        error=gettext(
                            "This took too long and was stopped. Try again with less data, "
                            "or contact the hub team if it keeps happening."
                        ),
                    )
                    return Job.Status.FAILED
                except Exception:
                    logger.exception("Job %s (%s) failed.", job.pk, name)
                    job_fail(
                        job=job,
                        error=gettext(
                            "Something went wrong on our side. Try again in a few minutes; "
                            "if it fails again, contact the hub team."
                        ),
                    )
                    return Job.Status.FAILED
                if result is None:
                    job_succeed(job=job)
                else:
                    job_succeed(job=job, content=result.content, filename=result.filename)
            return Job.Status.SUCCEEDED

        run.__module__, run.__name__, run.__qualname__ = (
            func.__module__,
            func.__name__,
            func.__qualname__,
        )
        run.__doc__ = func.__doc__
        return shared_task(name=name, **task_options)(run)

    return decorator
