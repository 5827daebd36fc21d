import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hub.models import Job
from hub.services import ApplicationError
from mel.imports import INLINE_ROWS
from mel.models import ImportBatch, Measurement, Target
from mel.services.imports import import_process, import_start

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("data.csv", buffer.getvalue().encode(), content_type="text/csv")


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("data.xlsx", buffer.getvalue(), content_type=XLSX)


HEADER = [
    "indicator",
    "indicator_name",
    "period_start",
    "period_end",
    "target",
    "value",
    "narrative",
    "Sex=Female",
    "Sex=Male",
]


def test_an_xlsx_file_imports_targets_and_values(partnership, officer, people, hectares):
    import datetime

    upload = _xlsx(
        [
            HEADER,
            [
                "PPL",
                "People",
                datetime.datetime(2025, 1, 1),
                datetime.datetime(2025, 3, 31),
                12,
                10,
                "ok",
                6,
                4,
            ],
            ["HA", "Hectares", "2025-04-01", "2025-06-30", None, 2.5, None, None, None],
            ["HA", "Hectares", "2025-07-01", "2025-09-30", None, None, None, None, None],
        ]
    )

    batch = import_start(partnership=partnership, upload=upload, actor=officer, submit=True)

    assert (batch.status, batch.row_count, batch.measurement_count, batch.target_count) == (
        "done",
        2,
        2,
        1,
    )
    ppl = Measurement.objects.get(indicator=people)
    assert (ppl.value, ppl.status, ppl.breakdown, ppl.import_batch) == (
        Decimal(10),
        "submitted",
        {"Sex": {"Female": "6", "Male": "4"}},
        batch,
    )
    assert Measurement.objects.get(indicator=hectares).value == Decimal("2.5")
    assert Target.objects.get(indicator=people).value == Decimal(12)


def test_one_bad_row_refuses_the_whole_file_with_every_error(
    partnership, officer, people, hectares
):
    upload = _csv(
        [
            HEADER,
            ["PPL", "", "2025-01-01", "2025-03-31", "", "10", "", "6", "4"],
            ["HA", "", "2025-02-01", "2025-04-30", "", "3", "", "", ""],
            ["PPL", "", "2025-04-01", "", "", "10", "", "3", "3"],
            ["HA", "", "2025-07-01", "", "", "lots", "", "", ""],
            ["PPL", "", "2025-01-01", "2025-03-31", "", "9", "", "", ""],
            ["XX", "", "2025-01-01", "", "", "9", "", "", ""],
        ]
    )

    batch = import_start(partnership=partnership, upload=upload, actor=officer)

    assert batch.status == "failed"
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (3, "period_start"),
        (4, "Sex"),
        (5, "value"),
        (6, "period_start"),
        (7, "indicator"),
    ]
    assert not Measurement.objects.exists()
    assert not Target.objects.exists()


def test_unknown_columns_and_missing_columns_are_reported_on_row_1(partnership, officer, hectares):
    batch = import_start(
        partnership=partnership, upload=_csv([["indicator", "valeur"], ["HA", "1"]]), actor=officer
    )

    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (1, "valeur"),
        (1, "period_start"),
        (1, "value"),
    ]
    assert not Measurement.objects.exists()


def test_files_are_checked_for_type_and_size_before_reading(partnership, officer, settings):
    with pytest.raises(ApplicationError):
        import_start(
            partnership=partnership,
            actor=officer,
            upload=SimpleUploadedFile("data.exe", b"MZ", content_type="application/octet-stream"),
        )
    with pytest.raises(ApplicationError):
        import_start(
            partnership=partnership,
            actor=officer,
            upload=SimpleUploadedFile("data.xlsx", b"a,b", content_type="text/csv"),
        )
    broken = import_start(
        partnership=partnership,
        actor=officer,
        upload=SimpleUploadedFile("data.xlsx", b"not a zip", content_type=XLSX),
    )

    assert broken.status == "failed"
    assert "XLSX" in broken.errors[0]["message"]
    assert ImportBatch.objects.count() == 1


def test_large_files_run_as_a_job(
    partnership, officer, hectares, django_capture_on_commit_callbacks
):
    rows = [["indicator", "period_start", "value"]]
    rows += [
        ["HA", f"{2000 + i // 4}-{(i % 4) * 3 + 1:02d}-01", "1"] for i in range(INLINE_ROWS + 10)
    ]

    with django_capture_on_commit_callbacks(execute=False):
        batch = import_start(partnership=partnership, upload=_csv(rows), actor=officer)

    assert batch.status == "queued"
    assert batch.job.task_name == "mel.tasks.import_run_task"
    assert not Measurement.objects.exists()

    progress = []
    import_process(batch=batch, progress=lambda percent, message: progress.append(percent))

    batch.refresh_from_db()
    assert (batch.status, batch.measurement_count) == ("done", INLINE_ROWS + 10)
    assert progress == [5, 30, 60]
    assert Job.objects.get().kind == "mel_import"


def test_the_import_task_fails_the_job_when_rows_are_refused(
    partnership, officer, hectares, django_capture_on_commit_callbacks
):
    from mel.tasks import import_run_task

    rows = [["indicator", "period_start", "value"]] + [["HA", "2025-01-01", "x"]] * (
        INLINE_ROWS + 1
    )
    with django_capture_on_commit_callbacks(execute=False):
        batch = import_start(partnership=partnership, upload=_csv(rows), actor=officer)

    import_run_task(batch.job.pk)

    batch.job.refresh_from_db()
    assert batch.job.status == "failed"
    assert "errors" in batch.job.error
    assert not Measurement.objects.exists()


def test_the_template_lists_indicators_and_periods_and_reimports_cleanly(
    client, partnership, officer, people, hectares
):
    client.force_login(officer)

    response = client.get(reverse("mel:import-template", args=[partnership.slug]) + "?year=2025")

    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Data"].iter_rows(values_only=True))
    assert rows[0][:9] == (
        "indicator",
        "indicator_name",
        "unit",
        "period",
        "period_start",
        "period_end",
        "target",
        "value",
        "narrative",
    )
    assert "Sex=Female" in rows[0]
    assert len(rows) == 1 + 8
    assert {r[3] for r in rows[1:]} == {"2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"}
    # An untouched template imports nothing and says so.
    upload = SimpleUploadedFile("t.xlsx", response.content, content_type=XLSX)
    batch = import_start(partnership=partnership, upload=upload, actor=officer)
    assert batch.status == "failed"
    assert not Measurement.objects.exists()


def test_the_error_report_is_a_downloadable_csv(client, partnership, officer, hectares):
    client.force_login(officer)
    batch = import_start(
        partnership=partnership,
        actor=officer,
        upload=_csv([["indicator", "period_start", "value"], ["HA", "2025-01-01", "=1+1x"]]),
    )

    response = client.get(reverse("mel:import-errors", args=[partnership.slug, batch.uuid]))

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Row,Column,Error"
    assert lines[1].startswith("2,value,")


def test_the_import_page_shows_the_errors(client, partnership, officer, hectares):
    client.force_login(officer)

    response = client.post(
        reverse("mel:import", args=[partnership.slug]),
        {"file": _csv([["indicator", "period_start", "value"], ["HA", "2025-02-01", "1"]])},
    )

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mel:import-detail", args=[partnership.slug, batch.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "2025-01-01 – 2025-03-31" in page
