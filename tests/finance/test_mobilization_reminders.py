"""Deadline reminders of the resource mobilization pipeline: 7 days and 1 day ahead and
once overdue, once per proposal, deadline and step — however often the task runs."""

import datetime
import re

import pytest
import time_machine
from django.core import mail

from finance.models import DeadlineReminder, ProposalStatus
from finance.services.mobilization import mobilization_reminders_send, reminder_step
from finance.tasks import mobilization_reminders_task
from hub.models import EmailDelivery, Notification
from hub.notifications import kinds
from tests.finance.factories_mobilization import ProposalDeadlineFactory, ProposalFactory
from tests.hub.factories import StaffUserFactory
from tests.worker import wait_for

S = ProposalStatus
TODAY = datetime.date(2026, 3, 10)


def _in(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "step"),
    [
        (8, None),
        (7, "week"),
        (2, "week"),
        (1, "day"),
        (0, "day"),
        (-1, "overdue"),
        (-14, "overdue"),
        (-15, None),
    ],
)
def test_the_step_follows_the_days_left(days, step):
    assert reminder_step(_in(days), TODAY) == step


@pytest.mark.django_db
def test_each_step_is_sent_once_as_the_deadline_comes_and_goes():
    owner = StaffUserFactory()
    proposal = ProposalFactory(
        title="Catchment restoration",
        owner=owner,
        status=S.IN_PREPARATION,
        submission_deadline=_in(7),
        decision_expected=_in(60),
    )

    sent = [mobilization_reminders_send(today=_in(day)) for day in (0, 0, 3, 6, 6, 7, 8, 9, 30)]

    assert sent == [1, 0, 0, 1, 0, 0, 1, 0, 0]
    assert list(
        DeadlineReminder.objects.order_by("sent_at", "pk").values_list(
            "proposal", "deadline_key", "step"
        )
    ) == [
        (proposal.pk, "submission", "week"),
        (proposal.pk, "submission", "day"),
        (proposal.pk, "submission", "overdue"),
    ]
    assert list(
        Notification.objects.filter(recipient=owner).order_by("pk").values_list("kind", "title")
    ) == [
        (kinds.RESOURCE_MOBILIZATION, "Due within a week: submission deadline of “Catchment restoration”"),
        (kinds.RESOURCE_MOBILIZATION, "Due tomorrow or today: submission deadline of “Catchment restoration”"),
        (kinds.RESOURCE_MOBILIZATION, "Deadline missed: submission deadline of “Catchment restoration”"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_which_deadlines_count_depends_on_the_status():
    owner = StaffUserFactory()
    submitted = ProposalFactory(
        owner=owner, status=S.SUBMITTED, submission_deadline=_in(-30), decision_expected=_in(3)
    )
    ProposalDeadlineFactory(proposal=submitted, name="Due diligence call", date=_in(1))
    ProposalFactory(owner=owner, status=S.AWARDED, submission_deadline=_in(3))
    ProposalFactory(
        owner=owner, status=S.DECLINED, submission_deadline=None, decision_expected=_in(1)
    )
    ProposalFactory(owner=StaffUserFactory(is_active=False), submission_deadline=_in(3))

    assert mobilization_reminders_send(today=TODAY) == 2

    assert sorted(DeadlineReminder.objects.values_list("deadline_key", "step")) == sorted(
        [("decision", "week"), (f"extra:{submitted.extra_deadlines.get().uuid}", "day")]
    )


@pytest.mark.django_db
def test_a_moved_deadline_is_reminded_again_for_its_new_date():
    proposal = ProposalFactory(status=S.PROSPECT, submission_deadline=_in(5))
    assert mobilization_reminders_send(today=TODAY) == 1

    proposal.submission_deadline = _in(6)
    proposal.save()

    assert mobilization_reminders_send(today=TODAY) == 1
    assert mobilization_reminders_send(today=TODAY) == 0


@pytest.mark.django_db
def test_the_task_sends_the_email_once(celery_eager, django_capture_on_commit_callbacks):
    owner = StaffUserFactory(preferred_language="fr")
    ProposalFactory(owner=owner, title="Zaï", submission_deadline=_in(1))

    with time_machine.travel(datetime.datetime(2026, 3, 10, 7, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            first = mobilization_reminders_task.delay().get()
        with django_capture_on_commit_callbacks(execute=True):
            second = mobilization_reminders_task.delay().get()

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert Notification.objects.get(recipient=owner).url.startswith("/finance/mobilization/")


def _finished_runs(worker) -> list[str]:
    """What each finished run of the task returned, from the worker's log."""
    return re.findall(
        r"mobilization_reminders_task\[[^\]]+\] succeeded in [^:]+: (\d+)", worker.log()
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_reminder_through_smtp_once(celery_worker_factory, smtp_server):
    # given a worker that mails through a real SMTP server, and a proposal due tomorrow
    worker = celery_worker_factory(EMAIL_URL=smtp_server.email_url)
    owner = StaffUserFactory()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    ProposalFactory(owner=owner, title="Spring protection", submission_deadline=tomorrow)

    # when beat runs the task, and runs it again once the email is out
    mobilization_reminders_task.apply_async()
    wait_for(lambda: EmailDelivery.objects.filter(recipient=owner, status="sent").exists())
    mobilization_reminders_task.apply_async()
    wait_for(lambda: len(_finished_runs(worker)) == 2)

    # then the second run sent nothing: one reminder, one email through SMTP
    assert _finished_runs(worker) == ["1", "0"]
    assert DeadlineReminder.objects.count() == 1
    assert EmailDelivery.objects.filter(recipient=owner).count() == 1
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == [owner.email]
    assert "Spring protection" in message["Subject"]
