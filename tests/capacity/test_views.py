"""Pages: the cohort permission matrix outside /p/<slug>/, attendance on a phone (HTMX),
the public verification page, the XLSX export and query counts."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from capacity.models import Attendance, Certificate
from capacity.services import participants as services
from capacity.services.certificates import certificate_revoke, new_code
from capacity.services.programs import trainer_grant
from capacity.tasks import participation_export_task
from hub.models import Job
from tests.capacity.factories import CohortFactory, EnrollmentFactory, SessionFactory
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    partnership = PartnershipFactory(visibility="private")
    cohort = CohortFactory(partnerships=[partnership, PartnershipFactory()])
    session = SessionFactory(cohort=cohort)
    enrollment = EnrollmentFactory(cohort=cohort, partnership=partnership)
    trainer, other_trainer = UserFactory(), UserFactory()
    trainer_grant(cohort=cohort, user=trainer)
    trainer_grant(cohort=CohortFactory(), user=other_trainer)
    callers = {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": MembershipFactory(partnership=partnership, role="viewer").user,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "staff": StaffUserFactory(),
    }
    return cohort, session, enrollment, callers


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
    # page: anonymous, outsider, member, trainer, other trainer, staff
    "cohort-detail": ["login", 404, 200, 200, 404, 200],
    "attendance": ["login", 404, 403, 200, 404, 200],
    "session-create": ["login", 404, 403, 200, 404, 200],
    "participant-add": ["login", 404, 403, 200, 404, 200],
    "cohort-edit": ["login", 404, 403, 403, 404, 200],
}


@pytest.mark.parametrize("page", list(MATRIX))
def test_cohort_pages_answer_each_kind_of_caller(world, page):
    cohort, session, _enrollment, callers = world
    args = [cohort.uuid, session.uuid] if page == "attendance" else [cohort.uuid]
    url = reverse(f"capacity:{page}", args=args)

    got = [_outcome(_client(user).get(url)) for user in callers.values()]

    assert got == MATRIX[page]


def test_a_trainer_takes_attendance_with_one_tap_and_gets_the_row_back(world):
    cohort, session, enrollment, callers = world
    url = reverse("capacity:attendance-record", args=[cohort.uuid, session.uuid, enrollment.uuid])

    response = _client(callers["trainer"]).post(url, {"status": "late"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<li class="list-group-item attendance-row" id="row-{enrollment.uuid}"'
    )
    assert 'value="late" aria-pressed="true"' in html
    assert 'hx-swap-oob="true"' in html and "1 of 1 recorded" in html
    assert Attendance.objects.get().status == "late"


def test_attendance_for_a_participant_of_another_cohort_is_refused(world):
    cohort, session, _enrollment, callers = world
    stranger = EnrollmentFactory()
    url = reverse("capacity:attendance-record", args=[cohort.uuid, session.uuid, stranger.uuid])

    response = _client(callers["trainer"]).post(url, {"status": "present"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert "not in the cohort of this session" in response.content.decode()
    assert stranger.participant.name not in response.content.decode()
    assert Attendance.objects.count() == 0


def test_a_member_cannot_record_attendance(world):
    cohort, session, enrollment, callers = world
    url = reverse("capacity:attendance-record", args=[cohort.uuid, session.uuid, enrollment.uuid])

    response = _client(callers["member"]).post(url, {"status": "present"})

    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_the_cohort_page_shows_progress_with_a_constant_number_of_queries(world):
    cohort, _session, _enrollment, callers = world
    client = _client(callers["trainer"])
    url = reverse("capacity:cohort-detail", args=[cohort.uuid])

    def grow():
        for _ in range(3):
            e = EnrollmentFactory(cohort=cohort, partnership=cohort.partnerships.first())
            services.attendance_record(
                session=SessionFactory(cohort=cohort), enrollment=e, status="present"
            )

    assert_constant_queries(lambda: client.get(url), grow)


def _certificate(**participant):
    enrollment = EnrollmentFactory(
        status="completed", completed_on=datetime.date(2025, 4, 30),
        participant__name="Mary Nafula", **{f"participant__{k}": v for k, v in participant.items()},
    )  # fmt: skip
    return Certificate.objects.create(
        enrollment=enrollment, partnership=enrollment.partnership, code=new_code(),
        issued_on=datetime.date(2025, 4, 30),
    )  # fmt: skip


def test_the_public_verification_page_shows_a_valid_certificate(client):
    certificate = _certificate()

    response = client.get(reverse("capacity-verify", args=[certificate.code.lower()]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in html and "Mary Nafula" in html
    assert certificate.enrollment.cohort.program.title in html
    assert "30 April 2025" in html


def test_the_verification_page_hides_the_name_of_someone_who_withdrew_and_shows_revocation(client):
    certificate = _certificate()
    services.consent_withdraw(participant=certificate.enrollment.participant)
    certificate_revoke(certificate=certificate, reason="Issued by mistake")

    html = client.get(reverse("capacity-verify", args=[certificate.code])).content.decode()

    assert "Mary Nafula" not in html
    assert "Participant withdrawn" in html
    assert "Revoked certificate" in html and "Issued by mistake" in html


def test_an_unknown_code_is_not_found(client):
    assert client.get(reverse("capacity-verify", args=["AAAA-BBBB"])).status_code == 404


def test_the_xlsx_export_leaves_out_the_personal_data_of_people_who_withdrew():
    partnership = PartnershipFactory()
    cohort = CohortFactory(partnerships=[partnership])
    session = SessionFactory(cohort=cohort)
    kept = EnrollmentFactory(
        cohort=cohort, participant__name="Rosa Huamán", participant__email="rosa@example.org"
    )
    gone = EnrollmentFactory(cohort=cohort, participant__name="Luis Tapia", participant__email="luis@example.org",
                             participant__community="Nueva Cajamarca")  # fmt: skip
    for enrollment in (kept, gone):
        services.attendance_record(session=session, enrollment=enrollment, status="present")
    services.consent_withdraw(participant=gone.participant)
    leader = MembershipFactory(partnership=partnership, role="leader").user
    client = _client(leader)

    response = client.post(
        reverse("capacity-workspace:participation-export", args=[partnership.slug]),
        {"period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    participation_export_task(Job.objects.get().pk)

    job = Job.objects.get()
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED, job.error
    sheet = load_workbook(io.BytesIO(job.result_file.read()))["Participants"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    text = repr(rows)
    assert (
        "Luis Tapia" not in text
        and "luis@example.org" not in text
        and "Nueva Cajamarca" not in text
    )
    names = sorted(row[2] for row in rows)
    assert names == ["Participant withdrawn", "Rosa Huamán"]
    withdrawn = next(row for row in rows if row[2] == "Participant withdrawn")
    assert withdrawn[3:9] == (None,) * 6


def test_a_viewer_cannot_export_participation():
    partnership = PartnershipFactory()
    viewer = MembershipFactory(partnership=partnership, role="viewer").user

    response = _client(viewer).post(
        reverse("capacity-workspace:participation-export", args=[partnership.slug]),
        {"period_start": "2025-01-01", "period_end": "2025-12-31"},
    )

    assert response.status_code == 403
    assert Job.objects.count() == 0


def _cohort_routes():
    from tests.tenancy.harness import _walk

    return [
        (name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("capacity/cohorts/<uuid:cohort_uuid>/")
    ]


COHORT_ROUTES = _cohort_routes()


def test_the_walk_finds_every_cohort_page():
    names = {name for name, _pattern in COHORT_ROUTES}
    expected = {f"capacity:{page}" for page in MATRIX}
    assert expected | {"capacity:attendance-record", "capacity:trainer-remove"} <= names


@pytest.mark.parametrize(("name", "pattern"), COHORT_ROUTES, ids=[n for n, _p in COHORT_ROUTES])
def test_no_cohort_page_answers_outsiders_or_a_trainer_of_another_cohort(world, name, pattern):
    cohort, session, enrollment, callers = world
    values = {
        "cohort_uuid": cohort.uuid,
        "session_uuid": session.uuid,
        "enrollment_uuid": enrollment.uuid,
        "user_uuid": callers["trainer"].uuid,
    }
    url = reverse(name, kwargs={k: values[k] for k in pattern.pattern.regex.groupindex})
    before = (Attendance.objects.count(), Certificate.objects.count())

    anonymous = [_outcome(_client(None).get(url)), _outcome(_client(None).post(url, {}))]
    strangers = [
        (
            _client(callers[who]).get(url).status_code,
            _client(callers[who]).post(url, {}).status_code,
        )
        for who in ("outsider", "other_trainer")
    ]

    assert anonymous == ["login", "login"]
    assert strangers == [(404, 404), (404, 404)]
    assert (Attendance.objects.count(), Certificate.objects.count()) == before
