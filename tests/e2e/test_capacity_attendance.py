"""A trainer takes attendance on a phone-sized screen, marks a completion, issues the
certificates (a real Celery worker renders the PDFs) and the certificate verifies on
the public page; the completion shows in the figures MEL reads, and a MEL officer sees
it as the draft value of the partnership's "people trained" indicator."""

import datetime

import pytest
from django.utils import timezone

from capacity.models import Attendance, Certificate, Enrollment
from capacity.selectors.participation import participation_figures
from capacity.services.programs import trainer_grant
from hub.models import Job
from mel.models import Measurement
from tests.capacity.factories import (
    CohortFactory,
    ConsentTextFactory,
    EnrollmentFactory,
    SessionFactory,
)
from tests.e2e.test_partnership_journey import sign_in
from tests.hub.factories import UserFactory
from tests.mel.factories import FrameworkFactory, IndicatorFactory, ResultFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.worker import wait_for


@pytest.mark.e2e
@pytest.mark.worker
def test_a_trainer_takes_attendance_on_a_phone_and_certificates_verify(page, celery_worker):
    today = timezone.localdate()
    partnership = PartnershipFactory(name="Mount Elgon Landscape Partnership")
    cohort = CohortFactory(
        partnerships=[partnership], name="Cohort 2025",
        program__title="Integrated landscape management foundations",
        program__min_attendance_percent=50,
    )  # fmt: skip
    ConsentTextFactory()
    first = SessionFactory(
        cohort=cohort, title="Welcome", starts_at=timezone.now() - datetime.timedelta(days=7)
    )
    second = SessionFactory(
        cohort=cohort, title="Mapping", starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    mary = EnrollmentFactory(
        cohort=cohort,
        participant__name="Mary Nafula",
        enrolled_on=today - datetime.timedelta(days=30),
    )
    john = EnrollmentFactory(
        cohort=cohort,
        participant__name="John Wafula",
        enrolled_on=today - datetime.timedelta(days=30),
    )
    trainer = UserFactory()
    trainer_grant(cohort=cohort, user=trainer)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, trainer.email)
    for session, taps in ((first, {mary: "present", john: "absent"}), (second, {mary: "late"})):
        page.goto(f"/capacity/cohorts/{cohort.uuid}/sessions/{session.uuid}/attendance/")
        for enrollment, status in taps.items():
            button = page.locator(f"#row-{enrollment.uuid} button[value={status}]")
            assert button.bounding_box()["width"] >= 44
            button.click()
            page.locator(
                f"#row-{enrollment.uuid} button[value={status}][aria-pressed=true]"
            ).wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert sorted(Attendance.objects.values_list("enrollment__participant__name", "status")) == [
        ("John Wafula", "absent"), ("Mary Nafula", "late"), ("Mary Nafula", "present"),
    ]  # fmt: skip

    page.goto(f"/capacity/cohorts/{cohort.uuid}/")
    page.locator("li", has_text="John Wafula").get_by_role("button", name="Mark completed").click()
    assert (
        page.get_by_role("alert").filter(has_text="has not met the completion requirements").count()
        >= 1
    )
    page.locator("li", has_text="Mary Nafula").get_by_role("button", name="Mark completed").click()
    page.wait_for_url(f"**/capacity/cohorts/{cohort.uuid}/**")
    assert Enrollment.objects.get(pk=mary.pk).status == "completed"
    assert Enrollment.objects.get(pk=john.pk).status == "enrolled"

    page.get_by_role("button", name="Issue certificates").click()
    page.wait_for_url("**/jobs/**")
    job = Job.objects.get(kind="capacity.certificates")
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished)
    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED, celery_worker.log()[-3000:]
    certificate = Certificate.objects.get()
    assert certificate.enrollment_id == mary.pk

    # Leave the page first: a request still in flight from it could set the old
    # session's CSRF cookie after the new one and fail the next form.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"/certificates/verify/{certificate.code}/")
    assert page.get_by_test_id("verification-status").inner_text().strip() == "Valid certificate"
    assert page.get_by_test_id("certificate-name").inner_text().strip() == "Mary Nafula"

    trained = participation_figures(
        partnership=partnership, period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31), completed_only=True,
    )  # fmt: skip
    assert (trained.total, trained.by_gender["woman"]) == (1, 1)

    # The figures flow into MEL: a MEL officer refreshes the partnership's "people
    # trained" indicator and sees the completion as a draft value for this quarter.
    framework = FrameworkFactory(partnership=partnership, start_date=today.replace(month=1, day=1))
    indicator = IndicatorFactory(
        result=ResultFactory(framework=framework), code="CAP-1", name="People trained",
        unit="people", aggregation="sum", frequency="quarterly",
        auto_source="capacity.people_trained",
    )  # fmt: skip
    officer = MembershipFactory(partnership=partnership, role="mel_officer").user
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, officer.email)
    page.goto(f"/p/{partnership.slug}/mel/indicators/{indicator.uuid}/")
    page.get_by_role("button", name="Update from capacity records").click()
    page.get_by_text("Updated from capacity records: 1 new, 0 changed drafts.").wait_for()
    rows = page.locator("#values tbody tr:not(.small)")  # .small: a value's details
    assert rows.count() == 1
    cells = [c.strip() for c in rows.first.locator("td").all_inner_texts()]
    assert (cells[2], cells[4]) == ("1", "Draft")
    details = page.locator("#values tbody tr.small").first.inner_text()
    assert "From capacity attendance records: 1 participants completed." in details
    draft = Measurement.objects.get(indicator=indicator)
    assert (draft.status, draft.value, draft.period_start.year) == ("draft", 1, today.year)
    assert draft.period_start <= today <= draft.period_end
