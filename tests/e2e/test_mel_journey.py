"""A MEL officer builds a framework (goal + outcome), adopts library indicators, imports
a year of quarterly data from XLSX, approves it and downloads the PDF report."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from hub.models import Job
from mel.models import Indicator, Measurement
from mel.tasks import report_render_task
from partnerships.roles import Role
from tests.e2e.test_partnership_journey import sign_in
from tests.mel.factories import LibraryIndicatorFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUARTERS = [
    ("2025-01-01", "2025-03-31"),
    ("2025-04-01", "2025-06-30"),
    ("2025-07-01", "2025-09-30"),
    ("2025-10-01", "2025-12-31"),
]


def year_of_data() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period_start", "period_end", "value", "narrative"])
    for index, (start, end) in enumerate(QUARTERS):
        sheet.append(["HA", start, end, 100 + 10 * index, f"Planting, quarter {index + 1}"])
        sheet.append(["FIN", start, end, 5000, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_officer_builds_imports_approves_and_downloads_the_report(page, celery_eager):
    partnership = PartnershipFactory(name="Mau Forest Partnership")
    officer = MembershipFactory(partnership=partnership, role=Role.MEL_OFFICER).user
    LibraryIndicatorFactory(code="LIB-HA", name="Hectares under restoration", unit="hectares")
    LibraryIndicatorFactory(code="LIB-FIN", name="Finance mobilized", unit="number")
    base = f"/p/{partnership.slug}/mel/"
    sign_in(page, officer.email)

    # a framework with a goal and an outcome
    page.goto(base + "frameworks/new/")
    page.fill("[name=name]", "Restoring the Mau")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/frameworks/*/")
    page.locator("#top-title").fill("A healthy, productive Mau landscape")
    page.locator("#top-title").locator("xpath=..").get_by_role("button", name="Add").click()
    page.get_by_text("Add a result below").first.click()
    page.get_by_placeholder("Title of the new result").first.fill("Degraded land restored")
    page.get_by_placeholder("Title of the new result").first.press("Enter")
    page.get_by_text("Degraded land restored").wait_for()

    # adopt two library indicators for the outcome
    for code, title in (("HA", "Hectares under restoration"), ("FIN", "Finance mobilized")):
        page.goto(base + "library/")
        card = page.locator(".card", has_text=title)
        card.get_by_text("Adopt", exact=True).first.click()
        select = card.get_by_label("Result it measures")
        outcome = select.locator("option", has_text="Degraded land restored").get_attribute("value")
        select.select_option(outcome)
        card.locator("[name=code]").fill(code)
        card.get_by_role("button", name="Adopt").click()
        page.wait_for_load_state()
    assert set(Indicator.objects.values_list("code", flat=True)) == {"HA", "FIN"}

    # import a year of data, submitted for approval
    page.goto(base + "import/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "mau-2025.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": year_of_data(),
            }
        ],
    )
    page.get_by_label("Submit the values for approval").check()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/imports/*/")
    assert Measurement.objects.filter(status="submitted").count() == 8

    # approve everything on the review page
    page.goto(base + "review/")
    page.get_by_label("Tick all").check()
    page.get_by_role("button", name="Approve the ticked values").click()
    page.wait_for_load_state()
    assert Measurement.objects.filter(status="approved").count() == 8

    # download the PDF report from the dashboard
    page.goto(base)
    page.get_by_label("Report format").select_option("pdf")
    page.get_by_role("button", name="Download the report").click()
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get(owner=officer, kind="mel_report")
    if job.status == Job.Status.PENDING:  # the live server's on-commit hook may not have run it
        report_render_task(job.pk)
        page.reload()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the result").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")

    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Mau Forest Partnership" in text
    assert "Planting, quarter 4" in text
