"""An import whose row k fails, at validation or only when it is written, writes
nothing and queues nothing: no values, no history, no webhook, no email but the one
telling its owner that the import job failed, with the row to fix."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from hub import events
from hub.models import EmailDelivery, Job, Notification
from hub.notifications import kinds
from mel.models import ImportBatch, Measurement, MeasurementEvent, Target, TargetEvent
from mel.periods import period_containing
from mel.services import imports as import_services
from mel.services.imports import import_start
from mel.services.measurements import period_lock
from mel.tasks import import_run_task
from partnerships.models import WebhookDelivery, WebhookEndpoint
from partnerships.roles import Role
from tests.mel.factories import IndicatorFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.reliability.conftest import queued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 10
FAILING = 7  # the 7th data row: line 8 of the file, under the header


def _quarters(count: int) -> list[tuple[datetime.date, datetime.date]]:
    quarters, start = [], datetime.date(2023, 1, 1)
    for _ in range(count):
        quarters.append(period_containing("quarterly", start))
        start = quarters[-1][1] + datetime.timedelta(days=1)
    return quarters


def _csv(indicator, *, failing_value: str = "") -> SimpleUploadedFile:
    lines = ["indicator,period_start,period_end,target,value"]
    for number, (start, end) in enumerate(_quarters(ROWS), start=1):
        value = failing_value if number == FAILING and failing_value else str(10 * number)
        lines.append(f"{indicator.code},{start},{end},{100 * number},{value}")
    return SimpleUploadedFile("data.csv", "\n".join(lines).encode(), content_type="text/csv")


@pytest.fixture
def setting(monkeypatch):
    partnership = PartnershipFactory(name="Mount Elgon")
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    officer = MembershipFactory(partnership=partnership, role=Role.MEL_OFFICER).user
    indicator = IndicatorFactory(
        result__framework__partnership=partnership, code="HA", frequency="quarterly"
    )
    WebhookEndpoint.objects.create(
        partnership=partnership, url="https://example.org/hook", secret="s" * 40,
        event_types=list(events.EVENT_TYPES),
    )  # fmt: skip
    # files of more than 5 rows run as a job (as large files do)
    monkeypatch.setattr(import_services, "INLINE_ROWS", 5)
    return partnership, leader, officer, indicator


def _run_the_import(partnership, officer, upload, private_queue) -> ImportBatch:
    queue, client = private_queue
    batch = import_start(partnership=partnership, upload=upload, actor=officer, submit=True)
    assert batch.job is not None
    # a worker takes the job's message off the queue and runs it
    assert queued_tasks(client, queue) == [("mel.tasks.import_run_task", batch.job.pk)]
    client.delete(queue)
    import_run_task(batch.job.pk)
    batch.refresh_from_db()
    return batch


def _assert_nothing_written_or_queued(batch, officer, private_queue, *, column, message):
    queue, client = private_queue
    assert (batch.status, batch.error_count, batch.measurement_count) == ("failed", 1, 0)
    assert batch.errors == [{"row": FAILING + 1, "column": column, "message": message}]
    assert Measurement.objects.count() == Target.objects.count() == 0
    assert MeasurementEvent.objects.count() == TargetEvent.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0

    job = Job.objects.get(pk=batch.job.pk)
    assert job.status == Job.Status.FAILED
    assert job.error == "Nothing was imported: 1 errors. Open the import to see them."
    # the only notification, and the only email queued, tell the owner the job failed
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (officer, kinds.JOB_FINISHED)
    assert "did not finish" in notification.title
    delivery = EmailDelivery.objects.get()
    assert delivery.recipient == officer
    assert queued_tasks(client, queue) == [("hub.notifications.tasks.email_send_task", delivery.pk)]


def test_a_row_invalid_at_validation_writes_and_queues_nothing(setting, private_queue):
    partnership, _leader, officer, indicator = setting
    upload = _csv(indicator, failing_value="lots")

    batch = _run_the_import(partnership, officer, upload, private_queue)

    assert batch.errors[0]["column"] == "value"
    _assert_nothing_written_or_queued(
        batch, officer, private_queue, column="value", message=batch.errors[0]["message"]
    )


def test_a_period_locked_between_validation_and_write_refuses_the_whole_file(
    setting, private_queue, monkeypatch
):
    partnership, leader, officer, indicator = setting
    start, end = _quarters(ROWS)[FAILING - 1]
    validate_rows = import_services.validate_rows

    def validate_then_lock(*args, **kwargs):
        outcome = validate_rows(*args, **kwargs)
        # a leader locks the quarter of row k once the file was checked (committed at once)
        period_lock(partnership=partnership, start=start, end=end, actor=leader)
        return outcome

    monkeypatch.setattr(import_services, "validate_rows", validate_then_lock)

    batch = _run_the_import(partnership, officer, _csv(indicator), private_queue)

    _assert_nothing_written_or_queued(
        batch, officer, private_queue, column="period_start",
        message="This period is locked: ask a leader or MEL officer.",
    )  # fmt: skip


def test_a_row_the_database_refuses_at_write_refuses_the_whole_file(setting, private_queue):
    partnership, _leader, officer, indicator = setting
    # a rule the database enforces and the validation does not know about
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE mel_measurement ADD CONSTRAINT test_no_666 CHECK (value <> 666) NOT VALID"
        )
    try:
        batch = _run_the_import(
            partnership, officer, _csv(indicator, failing_value="666"), private_queue
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE mel_measurement DROP CONSTRAINT IF EXISTS test_no_666")

    message = batch.errors[0]["message"]
    assert message.startswith("The database refused this row:") and "test_no_666" in message
    _assert_nothing_written_or_queued(batch, officer, private_queue, column="", message=message)
