import csv
import io

from django.utils import timezone
from django.utils.translation import gettext

from hub.jobs.runner import JobResult, job_task
from hub.jobs.services import job_progress
from hub.models import Job
from hub.notifications.selectors import notification_list

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A cell that spreadsheet programs show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@job_task()
def demo_export_task(job: Job) -> JobResult:
    """Export my notifications as CSV: the demonstration job."""
    notifications = list(notification_list(user=job.owner))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = [gettext("Date"), gettext("Kind"), gettext("Title"), gettext("Message")]
    writer.writerow([*header, gettext("Link"), gettext("Read")])
    total = len(notifications) or 1
    for index, notification in enumerate(notifications, start=1):
        writer.writerow(
            [
                notification.created_at.isoformat(timespec="seconds"),
                csv_safe(notification.kind),
                csv_safe(notification.title),
                csv_safe(notification.body),
                csv_safe(notification.url),
                gettext("yes") if notification.read_at else gettext("no"),
            ]
        )
        if index % 200 == 0:
            job_progress(
                job=job,
                percent=index * 100 // total,
                message=gettext("%(done)s of %(total)s notifications")
                % {"done": index, "total": total},
            )
    stamp = timezone.now().strftime("%Y-%m-%d")
    return JobResult(filename=f"notifications-{stamp}.csv", content=buffer.getvalue())
