"""Services: the domain rules, and each bad input from the issue refused with a clear
message and nothing changed."""

import datetime

import pytest
from django.utils import timezone

from capacity.models import Attendance, Certificate, Enrollment, Participant, ParticipantConsent
from capacity.selectors.cohorts import enrollment_list
from capacity.selectors.participation import participation_figures
from capacity.services import participants as services
from capacity.services import programs as program_services
from capacity.services.certificates import certificate_issue, new_code, normalize_code
from hub.services import ApplicationError
from tests.capacity.factories import (
    CohortFactory,
    ConsentTextFactory,
    EnrollmentFactory,
    SessionFactory,
)
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _new_person(cohort, partnership, **extra):
    return services.participant_enroll_new(
        cohort=cohort,
        partnership=partnership,
        name=extra.pop("name", "Mary Nafula"),
        consent_text=ConsentTextFactory(),
        consent_given_on=datetime.date(2025, 3, 1),
        **extra,
    )


def test_a_new_participant_is_recorded_with_consent_and_enrolled():
    partnership = PartnershipFactory()
    cohort = CohortFactory(partnerships=[partnership])

    enrollment = _new_person(cohort, partnership, email="Mary@Example.org", gender="woman")

    assert enrollment.status == Enrollment.Status.ENROLLED
    assert enrollment.partnership == partnership
    assert enrollment.participant.email == "mary@example.org"
    consent = ParticipantConsent.objects.get(participant=enrollment.participant)
    assert (consent.consent_text.version, consent.withdrawn_at) == (1, None)


def test_double_enrollment_is_refused_and_nothing_changes():
    enrollment = EnrollmentFactory(participant__name="Rosa Huamán")

    with pytest.raises(ApplicationError) as refusal:
        services.enrollment_create(
            cohort=enrollment.cohort,
            participant=enrollment.participant,
            partnership=enrollment.partnership,
        )

    assert refusal.value.message == "Rosa Huamán is already in this cohort (Enrolled)."
    assert refusal.value.field == "participant"
    assert Enrollment.objects.filter(cohort=enrollment.cohort).count() == 1


def test_enrolling_for_a_partnership_outside_the_cohort_is_refused():
    cohort = CohortFactory()
    stranger = PartnershipFactory(name="Elsewhere")

    with pytest.raises(ApplicationError, match=r"Elsewhere does not take part in this cohort\."):
        _new_person(cohort, stranger)

    assert Participant.objects.count() == 0


def test_consent_to_an_old_consent_text_is_refused():
    old = ConsentTextFactory(version=1)
    ConsentTextFactory(version=2)
    partnership = PartnershipFactory()
    cohort = CohortFactory(partnerships=[partnership])

    with pytest.raises(ApplicationError, match=r"current consent text \(version 2\)"):
        services.participant_enroll_new(
            cohort=cohort, partnership=partnership, name="Luis", consent_text=old,
            consent_given_on=datetime.date(2025, 3, 1),
        )  # fmt: skip

    assert Participant.objects.count() == 0
    assert Enrollment.objects.count() == 0


def test_attendance_for_a_session_of_another_cohort_is_refused_and_nothing_is_recorded():
    enrollment = EnrollmentFactory()
    other_session = SessionFactory()

    with pytest.raises(ApplicationError) as refusal:
        services.attendance_record(session=other_session, enrollment=enrollment, status="present")

    assert refusal.value.message == (
        "This person is not in the cohort of this session; attendance not recorded."
    )
    assert Attendance.objects.count() == 0


def test_attendance_is_recorded_once_per_session_and_can_be_changed():
    enrollment = EnrollmentFactory()
    session = SessionFactory(cohort=enrollment.cohort)

    services.attendance_record(session=session, enrollment=enrollment, status="absent")
    services.attendance_record(session=session, enrollment=enrollment, status="late")

    assert list(Attendance.objects.values_list("status", "partnership_id")) == [
        ("late", enrollment.partnership_id)
    ]


def test_progress_counts_sessions_since_joining_and_leaves_out_excused_ones():
    cohort = CohortFactory(program__min_attendance_percent=75)
    first = datetime.datetime(2025, 3, 4, 6, 0, tzinfo=datetime.UTC)
    sessions = [
        SessionFactory(cohort=cohort, starts_at=first + datetime.timedelta(weeks=n))
        for n in range(5)
    ]
    late_joiner = EnrollmentFactory(cohort=cohort, enrolled_on=datetime.date(2025, 3, 10))
    for session, status in zip(sessions[1:], ["present", "late", "excused", "absent"], strict=True):
        services.attendance_record(session=session, enrollment=late_joiner, status=status)

    row = enrollment_list(cohort=cohort).get(pk=late_joiner.pk)

    assert (row.sessions_counted, row.sessions_excused, row.sessions_due) == (4, 1, 3)
    assert row.sessions_attended == 2
    assert round(row.attendance_percent, 2) == 66.67
    assert (row.meets_attendance, row.requirements_met) == (False, False)


def test_completion_without_meeting_the_requirements_is_refused():
    cohort = CohortFactory(
        program__min_attendance_percent=80, program__final_assignment_required=True
    )
    enrollment = EnrollmentFactory(cohort=cohort, participant__name="John Wafula")
    for status in ("present", "absent"):
        services.attendance_record(
            session=SessionFactory(cohort=cohort), enrollment=enrollment, status=status
        )

    with pytest.raises(ApplicationError) as refusal:
        services.enrollment_set_status(enrollment=enrollment, status="completed")

    assert refusal.value.message == (
        "John Wafula has not met the completion requirements: Attendance is 50% of the "
        "sessions; the program needs 80%. The final assignment has not been submitted."
    )
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on) == ("enrolled", None)


def test_completion_when_the_requirements_are_met():
    cohort = CohortFactory(program__final_assignment_required=True)
    enrollment = EnrollmentFactory(cohort=cohort)
    services.attendance_record(
        session=SessionFactory(cohort=cohort), enrollment=enrollment, status="present"
    )
    services.enrollment_set_assignment(enrollment=enrollment, submitted=True)

    services.enrollment_set_status(enrollment=enrollment, status="completed")

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.completed_on) == ("completed", timezone.localdate())


def test_an_invited_person_cannot_jump_to_completed():
    enrollment = EnrollmentFactory(status="invited")

    with pytest.raises(
        ApplicationError, match=r"An enrollment that is invited cannot become completed\."
    ):
        services.enrollment_set_status(enrollment=enrollment, status="completed")


def test_a_certificate_for_someone_who_has_not_completed_is_refused():
    enrollment = EnrollmentFactory(participant__name="Grace Chemutai")

    with pytest.raises(ApplicationError) as refusal:
        certificate_issue(enrollment=enrollment)

    assert refusal.value.message == (
        "Grace Chemutai has not completed the cohort, so there is no certificate to issue."
    )
    assert Certificate.objects.count() == 0


def test_withdrawing_consent_erases_personal_data_but_keeps_the_counts():
    partnership = PartnershipFactory()
    cohort = CohortFactory(partnerships=[partnership])
    enrollment = EnrollmentFactory(cohort=cohort, participant__gender="woman")
    session = SessionFactory(cohort=cohort)
    services.attendance_record(session=session, enrollment=enrollment, status="present")
    period = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 12, 31)}
    before = participation_figures(partnership=partnership, **period)

    services.consent_withdraw(participant=enrollment.participant)
    services.consent_withdraw(participant=enrollment.participant)  # twice: nothing more

    person = Participant.objects.get(pk=enrollment.participant_id)
    assert str(person.display_name) == "Participant withdrawn"
    assert (person.name, person.email, person.organization, person.community) == ("", "", "", "")
    assert person.role_in_landscape == ""
    assert ParticipantConsent.objects.get(participant=person).withdrawn_at is not None
    after = participation_figures(partnership=partnership, **period)
    assert before.total == after.total == 1
    assert after.by_gender["woman"] == 1


def test_a_withdrawn_person_cannot_be_enrolled_again():
    enrollment = EnrollmentFactory()
    services.consent_withdraw(participant=enrollment.participant)
    cohort = CohortFactory(partnerships=[enrollment.partnership])

    with pytest.raises(ApplicationError, match="withdrew consent"):
        services.enrollment_create(
            cohort=cohort, participant=enrollment.participant, partnership=enrollment.partnership
        )

    assert Enrollment.objects.filter(cohort=cohort).count() == 0


def test_participation_figures_count_distinct_people_by_gender_age_and_partnership():
    elgon, mayo = PartnershipFactory(slug="elgon"), PartnershipFactory(slug="mayo")
    cohort = CohortFactory(partnerships=[elgon, mayo])
    session = SessionFactory(cohort=cohort)
    later = SessionFactory(cohort=cohort)
    woman = EnrollmentFactory(cohort=cohort, partnership=elgon, participant__gender="woman")
    man = EnrollmentFactory(
        cohort=cohort, partnership=mayo, participant__gender="man", participant__age_group="60_plus"
    )
    absent = EnrollmentFactory(cohort=cohort, partnership=mayo)
    for enrollment, status in ((woman, "present"), (man, "late"), (absent, "absent")):
        services.attendance_record(session=session, enrollment=enrollment, status=status)
    services.attendance_record(session=later, enrollment=woman, status="present")
    Enrollment.objects.filter(pk=woman.pk).update(
        status="completed", completed_on=datetime.date(2025, 4, 1)
    )

    figures = participation_figures(
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31)
    )
    trained = participation_figures(
        partnership=elgon, period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), completed_only=True,
    )  # fmt: skip

    assert figures.total == 2
    assert figures.by_gender == {"woman": 1, "man": 1, "other": 0, "not_stated": 0}
    assert figures.by_age_group == {
        "under_18": 0,
        "18_35": 1,
        "36_59": 0,
        "60_plus": 1,
        "not_stated": 0,
    }
    assert figures.by_partnership == {"elgon": 1, "mayo": 1}
    assert (trained.total, trained.by_partnership) == (1, {"elgon": 1})


def test_a_session_time_is_stored_in_utc_from_the_local_time_of_its_zone():
    cohort = CohortFactory()

    session = program_services.session_create(
        cohort=cohort, title="Planning", starts_at_local=datetime.datetime(2025, 4, 1, 9, 0),
        time_zone="America/Lima", location="Moyobamba",
    )  # fmt: skip

    assert session.starts_at == datetime.datetime(2025, 4, 1, 14, 0, tzinfo=datetime.UTC)
    assert session.local_starts_at.hour == 9


def test_a_session_needs_a_place_or_a_link():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"Give a location, an online link, or both\."):
        program_services.session_create(
            cohort=CohortFactory(), title="Nowhere",
            starts_at_local=datetime.datetime(2025, 4, 1, 9, 0), time_zone="UTC",
        )  # fmt: skip


def test_verification_codes_are_random_and_normalized():
    codes = {new_code() for _ in range(50)}

    assert len(codes) == 50
    code = codes.pop()
    assert len(code) == 29 and code.count("-") == 5
    assert normalize_code(code.lower().replace("-", " ")) == code


def test_a_trainer_grant_is_object_level():
    from tests.hub.factories import UserFactory

    cohort, other = CohortFactory(), CohortFactory()
    trainer = UserFactory()

    program_services.trainer_grant(cohort=cohort, user=trainer)

    assert trainer.has_perm("capacity.teach_cohort", cohort)
    assert not trainer.has_perm("capacity.teach_cohort", other)
    assert not trainer.has_perm("capacity.teach_cohort")
