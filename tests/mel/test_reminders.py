"""Reminders of MEL data due soon and overdue: once per indicator, period and kind."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from hub.models import Notification
from mel.models import DataReminder
from mel.reports.services import data_reminders_send, reminder_kind
from tests.mel.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

Q1_END = datetime.date(2025, 3, 31)  # values due 2025-04-30


def test_the_kind_of_reminder_follows_the_due_date():
    assert reminder_kind(Q1_END, datetime.date(2025, 4, 22)) is None
    assert reminder_kind(Q1_END, datetime.date(2025, 4, 23)) == "due_soon"
    assert reminder_kind(Q1_END, datetime.date(2025, 4, 30)) == "due_soon"
    assert reminder_kind(Q1_END, datetime.date(2025, 5, 1)) == "overdue"
    assert reminder_kind(Q1_END, datetime.date(2025, 7, 29)) == "overdue"
    assert reminder_kind(Q1_END, datetime.date(2025, 7, 30)) is None


@pytest.fixture
def indicator(result, officer):
    """A quarterly indicator whose 2024 values are all approved."""
    indicator = IndicatorFactory(
        result=result, code="HA", frequency="quarterly", responsible=officer
    )
    for month in (1, 4, 7, 10):
        start = datetime.date(2024, month, 1)
        end = (start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
        MeasurementFactory(
            indicator=indicator, period_start=start, period_end=end, status="approved"
        )
    return indicator


def test_running_twice_reminds_once(
    celery_eager, django_capture_on_commit_callbacks, indicator, officer
):
    today = datetime.date(2025, 4, 25)

    with django_capture_on_commit_callbacks(execute=True):
        first = data_reminders_send(today=today)
        second = data_reminders_send(today=today)

    assert (first, second) == (1, 0)
    reminder = DataReminder.objects.get()
    assert (reminder.indicator, reminder.period_start, reminder.kind) == (
        indicator,
        datetime.date(2025, 1, 1),
        "due_soon",
    )
    notes = Notification.objects.filter(recipient=officer)
    assert [n.title for n in notes] == ["Data due soon: HA 2025 Q1"]
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_overdue_follows_due_soon_once(indicator, officer):
    data_reminders_send(today=datetime.date(2025, 4, 25))
    data_reminders_send(today=datetime.date(2025, 5, 2))
    data_reminders_send(today=datetime.date(2025, 5, 20))

    assert sorted(DataReminder.objects.values_list("kind", flat=True)) == ["due_soon", "overdue"]
    assert Notification.objects.filter(recipient=officer).count() == 2


@pytest.mark.parametrize("status,reminded", [("submitted", 0), ("approved", 0), ("draft", 1)])
def test_values_handed_in_need_no_reminder(indicator, status, reminded):
    MeasurementFactory(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=Q1_END,
        value=Decimal(1),
        status=status,
    )

    assert data_reminders_send(today=datetime.date(2025, 5, 2)) == reminded


def test_earlier_periods_left_empty_are_overdue_too(result, officer):
    IndicatorFactory(result=result, code="OLD", frequency="quarterly", responsible=officer)

    data_reminders_send(today=datetime.date(2025, 4, 25))

    assert sorted(DataReminder.objects.values_list("period_start", "kind")) == [
        (datetime.date(2024, 10, 1), "overdue"),
        (datetime.date(2025, 1, 1), "due_soon"),
    ]


def test_an_indicator_without_a_responsible_member_is_skipped(result):
    IndicatorFactory(result=result, frequency="quarterly", responsible=None)

    assert data_reminders_send(today=datetime.date(2025, 5, 2)) == 0
    assert DataReminder.objects.count() == 0
