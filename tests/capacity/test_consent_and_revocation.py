"""Pages to re-record or withdraw a participant's consent and to revoke a certificate:
who may open them, what they change, and that another cohort's or partnership's people
answer 404."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from capacity.models import Certificate, ParticipantConsent
from capacity.services import participants as services
from capacity.services.certificates import certificate_revoke, new_code
from capacity.services.programs import trainer_grant
from hub.services import ApplicationError
from tests.capacity.factories import CohortFactory, ConsentTextFactory, EnrollmentFactory
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    partnership, other = PartnershipFactory(visibility="private"), PartnershipFactory()
    cohort = CohortFactory(partnerships=[partnership, other])
    enrollment = EnrollmentFactory(
        cohort=cohort, partnership=partnership, participant__name="Mary Nafula",
        status="completed", completed_on=datetime.date(2025, 4, 30),
    )  # fmt: skip
    certificate = Certificate.objects.create(
        enrollment=enrollment, partnership=partnership, code=new_code(),
        issued_on=datetime.date(2025, 4, 30),
    )  # fmt: skip
    trainer, other_trainer = UserFactory(), UserFactory()
    trainer_grant(cohort=cohort, user=trainer)
    trainer_grant(cohort=CohortFactory(), user=other_trainer)
    callers = {
        "anonymous": None,
        "outsider": UserFactory(),
        "viewer": MembershipFactory(partnership=partnership, role="viewer").user,
        "editor": MembershipFactory(partnership=partnership, role="editor").user,
        "editor_other": MembershipFactory(partnership=other, role="editor").user,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "staff": StaffUserFactory(),
    }
    return cohort, enrollment, certificate, callers


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


MATRIX = {
    # anonymous, outsider, viewer, editor, editor of the cohort's other partnership,
    # trainer, trainer of another cohort, staff
    "consent": ["login", 404, 403, 200, 403, 200, 404, 200],
    "consent-withdraw": ["login", 404, 403, 200, 403, 200, 404, 200],
    "certificate-revoke": ["login", 404, 403, 403, 403, 200, 404, 200],
}


@pytest.mark.parametrize("page", list(MATRIX))
def test_consent_and_revocation_pages_answer_each_kind_of_caller(world, page):
    cohort, enrollment, _certificate, callers = world
    url = reverse(f"capacity:{page}", args=[cohort.uuid, enrollment.uuid])

    got = [_outcome(_client(user).get(url)) for user in callers.values()]

    assert got == MATRIX[page]


@pytest.mark.parametrize("page", list(MATRIX))
def test_a_post_without_permission_changes_nothing(world, page):
    cohort, enrollment, certificate, callers = world
    url = reverse(f"capacity:{page}", args=[cohort.uuid, enrollment.uuid])
    data = {"reason": "Fraud", "consent": "on", "given_on": "2025-05-01"}

    answers = [
        _outcome(_client(callers[who]).post(url, data))
        for who in ("viewer", "editor_other", "other_trainer", "outsider")
    ]

    assert answers[:2] == [403, 403] and answers[2:] == [404, 404]
    enrollment.participant.refresh_from_db()
    certificate.refresh_from_db()
    assert enrollment.participant.name == "Mary Nafula"
    assert certificate.revoked_at is None
    assert ParticipantConsent.objects.filter(participant=enrollment.participant).count() == 1


@pytest.mark.parametrize("page", list(MATRIX))
def test_an_enrollment_of_another_cohort_is_not_found(world, page):
    cohort, _enrollment, _certificate, callers = world
    elsewhere = EnrollmentFactory(status="completed", completed_on=datetime.date(2025, 4, 30))
    Certificate.objects.create(
        enrollment=elsewhere, partnership=elsewhere.partnership, code=new_code(),
        issued_on=datetime.date(2025, 4, 30),
    )  # fmt: skip
    url = reverse(f"capacity:{page}", args=[cohort.uuid, elsewhere.uuid])

    client = _client(callers["trainer"])

    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"reason": "x", "consent": "on", "given_on": "2025-05-01"}).status_code
        == 404
    )
    elsewhere.refresh_from_db()
    assert elsewhere.participant.consent_withdrawn_at is None
    assert elsewhere.certificate.revoked_at is None


def test_the_cohort_page_links_each_person_to_their_consent_and_certificate(world):
    cohort, enrollment, _certificate, callers = world

    html = (
        _client(callers["trainer"])
        .get(reverse("capacity:cohort-detail", args=[cohort.uuid]))
        .content.decode()
    )

    assert reverse("capacity:consent", args=[cohort.uuid, enrollment.uuid]) in html
    assert reverse("capacity:certificate-revoke", args=[cohort.uuid, enrollment.uuid]) in html


def test_an_editor_re_records_consent_to_a_new_consent_text_version(world):
    cohort, enrollment, _certificate, callers = world
    ConsentTextFactory(version=2, text="Version two: we also share anonymous figures.")
    url = reverse("capacity:consent", args=[cohort.uuid, enrollment.uuid])
    client = _client(callers["editor"])
    page = client.get(url).content.decode()
    assert "Version two: we also share anonymous figures." in page
    assert "not to the current consent text (version 2)" in page

    response = client.post(url, {"consent": "on", "given_on": "2025-05-02"})

    assert response.status_code == 302 and response["Location"] == url
    consents = ParticipantConsent.objects.filter(participant=enrollment.participant)
    rows = sorted(
        (c.consent_text.version, c.given_on, c.superseded_at is not None, c.withdrawn_at)
        for c in consents
    )
    assert rows == [
        (1, datetime.date(2025, 3, 1), True, None),
        (2, datetime.date(2025, 5, 2), False, None),
    ]
    assert consents.get(superseded_at__isnull=True).recorded_by == callers["editor"]
    html = client.get(url).content.decode()
    assert "Replaced" in html and "Current" in html and "not to the current" not in html


def test_consent_without_the_box_ticked_or_in_the_future_is_refused(world):
    cohort, enrollment, _certificate, callers = world
    url = reverse("capacity:consent", args=[cohort.uuid, enrollment.uuid])
    client = _client(callers["trainer"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    unticked = client.post(url, {"given_on": "2025-05-02"})
    future = client.post(url, {"consent": "on", "given_on": tomorrow})

    assert unticked.status_code == 400
    assert "Tick this box only once the person has agreed." in unticked.content.decode()
    assert future.status_code == 400
    assert "Consent cannot be given in the future." in future.content.decode()
    assert ParticipantConsent.objects.filter(participant=enrollment.participant).count() == 1


def test_recording_the_same_consent_twice_is_refused():
    enrollment = EnrollmentFactory()
    text = ConsentTextFactory()
    services.consent_record(
        participant=enrollment.participant, consent_text=text, given_on=datetime.date(2025, 5, 2)
    )

    with pytest.raises(ApplicationError, match="already recorded"):
        services.consent_record(
            participant=enrollment.participant, consent_text=text,
            given_on=datetime.date(2025, 5, 2),
        )  # fmt: skip

    assert ParticipantConsent.objects.filter(participant=enrollment.participant).count() == 2


def test_consent_of_a_withdrawn_person_cannot_be_recorded_again(world):
    cohort, enrollment, _certificate, callers = world
    services.consent_withdraw(participant=enrollment.participant)
    url = reverse("capacity:consent", args=[cohort.uuid, enrollment.uuid])

    response = _client(callers["trainer"]).post(url, {"consent": "on", "given_on": "2025-05-02"})

    assert response.status_code == 400
    assert "If they agree again, add them as a new participant." in response.content.decode()
    assert not ParticipantConsent.objects.filter(
        participant=enrollment.participant, withdrawn_at__isnull=True
    ).exists()


def test_withdrawing_from_the_page_hides_personal_data_and_keeps_the_person_counted(world):
    cohort, enrollment, _certificate, callers = world
    client = _client(callers["editor"])
    url = reverse("capacity:consent-withdraw", args=[cohort.uuid, enrollment.uuid])
    assert "This cannot be undone." in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    person = enrollment.participant
    person.refresh_from_db()
    assert (person.name, person.email, person.organization) == ("", "", "")
    assert person.consent_withdrawn_at is not None
    assert cohort.enrollments.count() == 1
    html = client.get(reverse("capacity:cohort-detail", args=[cohort.uuid])).content.decode()
    assert "Mary Nafula" not in html and "Participant withdrawn" in html


def test_a_trainer_revokes_a_certificate_and_the_public_page_says_when_and_why(world):
    cohort, enrollment, certificate, callers = world
    url = reverse("capacity:certificate-revoke", args=[cohort.uuid, enrollment.uuid])
    client = _client(callers["trainer"])

    response = client.post(url, {"reason": "  Attendance was recorded for the wrong person. "})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Attendance was recorded for the wrong person."
    assert certificate.revoked_at.date() == timezone.now().date()
    public = Client().get(reverse("capacity-verify", args=[certificate.code])).content.decode()
    assert "Revoked certificate" in public
    assert "Attendance was recorded for the wrong person." in public
    assert certificate.revoked_at.strftime("%-d %B %Y") in public
    assert "Valid certificate" not in public


def test_revoking_without_a_reason_is_refused_and_changes_nothing(world):
    cohort, enrollment, certificate, callers = world
    url = reverse("capacity:certificate-revoke", args=[cohort.uuid, enrollment.uuid])

    response = _client(callers["staff"]).post(url, {"reason": "   "})

    assert response.status_code == 400
    assert "Say why the certificate is revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_twice_keeps_the_first_date_and_reason(world):
    cohort, enrollment, certificate, callers = world
    certificate_revoke(certificate=certificate, reason="Issued by mistake")
    first = Certificate.objects.get(pk=certificate.pk).revoked_at
    url = reverse("capacity:certificate-revoke", args=[cohort.uuid, enrollment.uuid])

    response = _client(callers["trainer"]).post(url, {"reason": "Another reason"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoked_reason) == (first, "Issued by mistake")


def test_an_enrollment_without_a_certificate_has_nothing_to_revoke(world):
    cohort, _enrollment, _certificate, callers = world
    plain = EnrollmentFactory(cohort=cohort, partnership=cohort.partnerships.first())
    url = reverse("capacity:certificate-revoke", args=[cohort.uuid, plain.uuid])

    assert _client(callers["trainer"]).get(url).status_code == 404
