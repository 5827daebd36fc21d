"""An indicator fed by capacity participation ("people trained"): draft values pulled
from attendance records, idempotently, never over locked periods or reviewed values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from capacity.services.participants import consent_withdraw
from hub.services import ApplicationError
from mel.models import Measurement
from mel.services.auto_values import auto_values_pull_all, indicator_pull_auto_values
from partnerships.roles import Role
from tests.capacity.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrollmentFactory,
    SessionFactory,
)
from tests.mel.conftest import Q1
from tests.mel.factories import IndicatorFactory, MeasurementFactory, PeriodLockFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 4, 15)
NARRATIVE = "From capacity attendance records: 3 participants completed."


@pytest.fixture
def trained(partnership, framework, people):
    """Three people of the partnership completed a cohort in Q1 (one later withdrew
    consent), one dropped out; one of another partnership completed too."""
    framework.start_date = Q1[0]
    framework.save()
    cohort = CohortFactory(partnerships=[partnership])
    completed = [
        EnrollmentFactory(
            cohort=cohort,
            partnership=partnership,
            status="completed",
            completed_on=datetime.date(2025, 3, day),
            participant__gender=gender,
        )
        for day, gender in ((10, "woman"), (20, "man"), (31, "woman"))
    ]
    consent_withdraw(participant=completed[0].participant)
    dropped = EnrollmentFactory(cohort=cohort, partnership=partnership, status="dropped")
    AttendanceFactory(enrollment=dropped, session=SessionFactory(cohort=cohort))
    EnrollmentFactory(
        cohort=CohortFactory(partnerships=[PartnershipFactory()]),
        status="completed",
        completed_on=datetime.date(2025, 3, 15),
    )
    people.auto_source = "capacity.people_trained"
    people.save()
    return people


def test_pulling_creates_a_q1_draft_of_the_people_who_completed(trained, officer):
    result = indicator_pull_auto_values(indicator=trained, actor=officer, today=TODAY)

    measurement = Measurement.objects.get(indicator=trained)
    assert (measurement.period_start, measurement.period_end) == Q1
    assert measurement.value == Decimal(3)
    assert measurement.status == "draft"
    assert measurement.narrative == NARRATIVE
    assert measurement.breakdown == {"Sex": {"Female": "2", "Male": "1"}}
    assert measurement.entered_by == officer
    assert (result.created, result.updated, result.skipped) == (1, 0, 0)


def test_pulling_again_changes_nothing_more(trained, officer):
    indicator_pull_auto_values(indicator=trained, actor=officer, today=TODAY)
    before = Measurement.objects.get(indicator=trained)

    result = indicator_pull_auto_values(indicator=trained, actor=None, today=TODAY)

    after = Measurement.objects.get(indicator=trained)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert (after.value, after.updated_at, after.entered_by) == (
        before.value,
        before.updated_at,
        officer,
    )


def test_a_stale_draft_is_brought_up_to_date(trained, officer):
    MeasurementFactory(indicator=trained, value=Decimal(1), narrative="old")

    result = indicator_pull_auto_values(indicator=trained, actor=officer, today=TODAY)

    measurement = Measurement.objects.get(indicator=trained)
    assert (result.created, result.updated) == (0, 1)
    assert (measurement.value, measurement.narrative, measurement.status) == (
        Decimal(3),
        NARRATIVE,
        "draft",
    )


def test_a_locked_period_is_left_untouched(trained, officer, partnership):
    PeriodLockFactory(partnership=partnership, start=Q1[0], end=Q1[1])

    result = indicator_pull_auto_values(indicator=trained, actor=officer, today=TODAY)

    assert not Measurement.objects.filter(indicator=trained).exists()
    assert result.skipped == 1


@pytest.mark.parametrize("status", ["approved", "submitted"])
def test_a_reviewed_value_is_left_untouched(trained, officer, status):
    MeasurementFactory(indicator=trained, value=Decimal(7), status=status)

    result = indicator_pull_auto_values(indicator=trained, actor=officer, today=TODAY)

    measurement = Measurement.objects.get(indicator=trained)
    assert (measurement.value, measurement.status, measurement.narrative) == (
        Decimal(7),
        status,
        "",
    )
    assert (result.created, result.updated, result.skipped) == (0, 0, 1)


def test_a_manual_indicator_is_refused(people, officer):
    with pytest.raises(ApplicationError, match="entered by hand"):
        indicator_pull_auto_values(indicator=people, actor=officer, today=TODAY)
    assert not Measurement.objects.filter(indicator=people).exists()


def test_only_a_people_indicator_can_be_fed_by_people_trained(result):
    indicator = IndicatorFactory(
        result=result, unit="hectares", auto_source="capacity.people_trained"
    )

    with pytest.raises(ValidationError) as error:
        indicator.full_clean()

    assert list(error.value.message_dict) == ["auto_source"]
    assert "counted in people" in error.value.message_dict["auto_source"][0]


def test_the_daily_task_pulls_for_every_auto_sourced_indicator(trained, result):
    manual = IndicatorFactory(result=result, unit="people")

    written = auto_values_pull_all(today=TODAY)

    assert written == 1
    assert Measurement.objects.get(indicator=trained).value == Decimal(3)
    assert not Measurement.objects.filter(indicator=manual).exists()


def _pull_url(indicator):
    return reverse("mel:auto-values-pull", args=[indicator.partnership.slug, indicator.uuid])


def test_a_mel_officer_updates_from_the_indicator_page(client, trained, officer):
    client.force_login(officer)
    detail = reverse("mel:indicator-detail", args=[trained.partnership.slug, trained.uuid])
    assert "Update from capacity records" in client.get(detail).content.decode()

    response = client.post(_pull_url(trained), follow=True)

    assert response.redirect_chain[-1][0] == detail
    assert Measurement.objects.get(indicator=trained).value == Decimal(3)
    assert NARRATIVE in response.content.decode()


def test_a_viewer_cannot_update_from_capacity_records(client, trained, partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    client.force_login(viewer)
    detail = reverse("mel:indicator-detail", args=[partnership.slug, trained.uuid])
    assert "Update from capacity records" not in client.get(detail).content.decode()

    response = client.post(_pull_url(trained))

    assert response.status_code == 403
    assert not Measurement.objects.filter(indicator=trained).exists()
