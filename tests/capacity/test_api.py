"""API: cohort endpoints check access explicitly; participants respect consent."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from capacity.models import Attendance
from capacity.services import participants as services
from capacity.services.programs import trainer_grant
from tests.capacity.factories import CohortFactory, EnrollmentFactory, SessionFactory
from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_enrollments_hide_the_personal_data_of_people_who_withdrew():
    enrollment = EnrollmentFactory(
        participant__name="Luis Tapia", participant__email="luis@example.org"
    )
    services.consent_withdraw(participant=enrollment.participant)
    member = MembershipFactory(partnership=enrollment.partnership).user

    response = _api(member).get(
        reverse("api-v1:capacity-enrollment-list", args=[enrollment.cohort.uuid])
    )

    assert response.status_code == 200
    assert response.json()["results"][0]["participant"] == {
        "uuid": str(enrollment.participant.uuid), "name": "Participant withdrawn", "email": "",
        "gender": None, "age_group": None, "organization": "", "role_in_landscape": "",
        "community": "", "consent_withdrawn": True,
    }  # fmt: skip


def test_a_trainer_of_another_cohort_gets_404_and_a_member_may_not_record_attendance():
    enrollment = EnrollmentFactory()
    session = SessionFactory(cohort=enrollment.cohort)
    other_trainer = UserFactory()
    trainer_grant(cohort=CohortFactory(), user=other_trainer)
    member = MembershipFactory(partnership=enrollment.partnership).user
    url = reverse("api-v1:capacity-attendance-list", args=[enrollment.cohort.uuid, session.uuid])
    body = {"enrollment": str(enrollment.uuid), "status": "present"}

    assert _api(other_trainer).get(url).status_code == 404
    assert _api(member).post(url, body, format="json").status_code == 403
    assert Attendance.objects.count() == 0


def test_attendance_for_a_session_of_another_cohort_is_refused_with_400():
    enrollment = EnrollmentFactory()
    other_session = SessionFactory()
    trainer = UserFactory()
    trainer_grant(cohort=other_session.cohort, user=trainer)
    url = reverse(
        "api-v1:capacity-attendance-list", args=[other_session.cohort.uuid, other_session.uuid]
    )

    response = _api(trainer).post(
        url, {"enrollment": str(enrollment.uuid), "status": "present"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "enrollment": ["This person is not in the cohort of this session; attendance not recorded."]
    }
    assert Attendance.objects.count() == 0


def test_the_partnership_enrollment_list_uses_constant_queries():
    enrollment = EnrollmentFactory()
    partnership = enrollment.partnership
    member = MembershipFactory(partnership=partnership).user
    client = _api(member)
    url = reverse("api-v1:capacity-partnership-enrollment-list", args=[partnership.slug])
    client.get(url)  # the caller's roles are loaded once per user object

    def grow():
        for _ in range(3):
            EnrollmentFactory(cohort=enrollment.cohort, partnership=partnership)

    assert_constant_queries(lambda: client.get(url), grow)
