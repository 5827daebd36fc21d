"""The MEL report jobs (PDF read back as text, XLSX) and report schedules."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from hub.models import Job
from mel.models import ReportRun
from mel.reports.services import last_ended_period, schedule_create, scheduled_reports_run
from mel.tasks import report_render_task
from tests.mel.factories import IndicatorFactory, MeasurementFactory, TargetFactory
from tests.partnerships.factories import MembershipFactory

pytestmark = pytest.mark.django_db

Q1 = (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
Q2 = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))


@pytest.fixture
def data(result, officer):
    hectares = IndicatorFactory(
        result=result, code="HA-1", name="Hectares under restoration", unit="hectares"
    )
    for period, amount, target in ((Q1, 120, 100), (Q2, 80, 100)):
        MeasurementFactory(
            indicator=hectares,
            period_start=period[0],
            period_end=period[1],
            value=Decimal(amount),
            status="approved",
            narrative=f"Planting season {period[0].month}",
        )
        TargetFactory(
            indicator=hectares, period_start=period[0], period_end=period[1], value=target
        )
    MeasurementFactory(
        indicator=hectares,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        value=Decimal(7777),
        status="draft",
    )
    return hectares


def start_report(client, partnership, user, fmt):
    client.force_login(user)
    response = client.post(reverse("mel:report-start", args=[partnership.slug]), {"format": fmt})
    job = Job.objects.get(owner=user)
    return response, job


def test_a_viewer_starts_the_pdf_report_and_reads_it_back(client, partnership, data):
    from pypdf import PdfReader

    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    response, job = start_report(client, partnership, viewer, "pdf")
    job.params.update(first="2025-01-01", last="2025-12-31")
    job.save()

    report_render_task(job.pk)
    job.refresh_from_db()

    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.uuid])
    assert job.task_name == "mel.tasks.report_render_task"
    assert job.status == "succeeded", job.error
    reader = PdfReader(io.BytesIO(job.result_file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert partnership.name in text
    assert "Results framework" in text
    assert "HA-1" in text and "Hectares under restoration" in text
    assert "200" in text  # whole-period actual: 120 + 80 (sum), the draft left out
    assert "7777" not in text
    assert "Planting season 4" in text and "Planting season 1" not in text
    assert len(reader.pages) >= 4


def test_the_xlsx_report_has_the_tracking_table_and_the_values(client, partnership, data, officer):
    from openpyxl import load_workbook

    _response, job = start_report(client, partnership, officer, "xlsx")
    job.params.update(first="2025-01-01", last="2025-12-31")
    job.save()

    report_render_task(job.pk)
    job.refresh_from_db()

    book = load_workbook(job.result_file.open("rb"))
    assert book.sheetnames == ["Tracking", "Measurements"]
    tracking = list(book["Tracking"].iter_rows(min_row=3, values_only=True))
    assert tracking[0][:2] == ("HA-1", "Hectares under restoration")
    assert tracking[0][4:7] == (100.0, 120.0, 120.0)  # 2025 Q1 target, actual, %
    assert tracking[0][-2] == 200.0
    values = list(book["Measurements"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[4], row[5]) for row in values] == [
        ("HA-1", 120.0, "Approved"),
        ("HA-1", 80.0, "Approved"),
        ("HA-1", 7777.0, "Draft"),
    ]


def test_an_outsider_cannot_start_the_report(client, partnership, data, user):
    from partnerships.models import Partnership

    partnership.visibility = Partnership.Visibility.PRIVATE
    partnership.save()
    client.force_login(user)

    response = client.post(reverse("mel:report-start", args=[partnership.slug]), {"format": "pdf"})

    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_the_previous_period_is_the_one_reported():
    today = datetime.date(2026, 4, 3)

    assert last_ended_period("monthly", today) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    assert last_ended_period("quarterly", today) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )


def test_a_leader_schedules_the_report(client, partnership):
    leader = MembershipFactory(partnership=partnership, role="leader").user
    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    client.force_login(leader)

    response = client.post(
        reverse("mel:report-schedules", args=[partnership.slug]),
        {"frequency": "quarterly", "format": "pdf", "recipients": [leader.pk, viewer.pk]},
    )

    assert response.status_code == 302
    from mel.models import ReportSchedule

    schedule = ReportSchedule.objects.get(partnership=partnership)
    assert (schedule.frequency, schedule.format) == ("quarterly", "pdf")
    assert set(schedule.recipients.all()) == {leader, viewer}


def test_a_viewer_cannot_schedule_and_outsiders_are_refused_as_recipients(
    client, partnership, user
):
    from hub.services import ApplicationError
    from mel.models import ReportSchedule

    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    client.force_login(viewer)

    response = client.post(
        reverse("mel:report-schedules", args=[partnership.slug]),
        {"frequency": "monthly", "format": "pdf", "recipients": [viewer.pk]},
    )

    assert response.status_code == 403
    with pytest.raises(ApplicationError):
        schedule_create(
            partnership=partnership, actor=viewer, frequency="monthly", fmt="pdf", recipients=[user]
        )
    assert ReportSchedule.objects.count() == 0


def test_the_beat_starts_each_report_once_and_emails_a_link(
    celery_eager, django_capture_on_commit_callbacks, partnership, data
):
    leader = MembershipFactory(partnership=partnership, role="leader").user
    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    schedule = schedule_create(
        partnership=partnership,
        actor=leader,
        frequency="quarterly",
        fmt="pdf",
        recipients=[leader, viewer],
    )
    today = datetime.date(2025, 7, 2)

    first = scheduled_reports_run(today=today)
    second = scheduled_reports_run(today=today)
    run = ReportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        report_render_task(run.job.pk)
        report_render_task(run.job.pk)
    run.job.refresh_from_db()

    assert (first, second) == (1, 0)
    assert (run.schedule, run.period_start, run.period_end) == (schedule, *Q2)
    assert run.job.params["first"] == "2025-04-01" and run.job.status == "succeeded"
    link = reverse("mel:report-run", args=[partnership.slug, run.uuid])
    report_mails = [m for m in mail.outbox if link in m.body]
    assert sorted(m.to[0] for m in report_mails) == sorted([leader.email, viewer.email])


def test_the_emailed_link_downloads_the_report_for_members(client, partnership, data):
    leader = MembershipFactory(partnership=partnership, role="leader").user
    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    schedule_create(
        partnership=partnership,
        actor=leader,
        frequency="quarterly",
        fmt="pdf",
        recipients=[viewer],
    )
    scheduled_reports_run(today=datetime.date(2025, 7, 2))
    run = ReportRun.objects.get()
    url = reverse("mel:report-run", args=[partnership.slug, run.uuid])
    client.force_login(viewer)

    waiting = client.get(url)
    report_render_task(run.job.pk)
    ready = client.get(url)

    assert waiting.status_code == 200
    assert "being prepared" in waiting.content.decode()
    assert ready.status_code == 200
    assert ready["Content-Disposition"].startswith("attachment")
    assert b"".join(ready.streaming_content).startswith(b"%PDF")
