"""The import writer (``rows_write``): new periods go straight in with one COPY, periods
that may already have a value go through the upsert; either way every row's history
is recorded and a failure writes nothing."""

import datetime
import json
from decimal import Decimal

import pytest

from mel.models import Measurement
from mel.services import measurements as writer
from mel.services.measurements import rows_write
from mel.services.rows import CleanRow
from tests.mel.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

History = Measurement.pgh_event_model


def _rows(indicators, months, value=Decimal(5)):
    return [
        CleanRow(
            row=n,
            indicator_id=indicator.pk,
            period_start=datetime.date(2025, month, 1),
            period_end=datetime.date(2025, month, 28),
            value=value,
            target=None,
            breakdown={"Sex": {"Female": "2", "Male": "3"}} if month == 1 else {},
            narrative=f"Month {month}",
        )
        for n, (indicator, month) in enumerate(
            ((i, m) for i in indicators for m in months), start=2
        )
    ]


@pytest.fixture
def indicators(result):
    return [IndicatorFactory(result=result, frequency="monthly") for _ in range(3)]


def test_new_periods_are_copied_in_with_their_history(partnership, indicators, officer):
    rows = _rows(indicators, range(1, 5))

    written, targets = rows_write(partnership=partnership, rows=rows, actor=officer)

    assert (written, targets) == (12, 0)
    stored = Measurement.objects.for_partnership(partnership)
    assert stored.count() == 12
    january = stored.get(indicator=indicators[0], period_start=datetime.date(2025, 1, 1))
    assert (january.value, january.status, january.entered_by, january.narrative) == (
        Decimal(5),
        "draft",
        officer,
        "Month 1",
    )
    assert january.breakdown == {"Sex": {"Female": "2", "Male": "3"}}
    assert len({m.uuid for m in stored}) == 12
    history = History.objects.filter(partnership_id=partnership.pk, pgh_label="insert")
    assert sorted(history.values_list("pgh_obj_id", flat=True)) == sorted(
        stored.values_list("pk", flat=True)
    )


def test_periods_with_values_are_upserted_leaving_reviewed_values_alone(
    partnership, indicators, officer
):
    draft = MeasurementFactory(
        indicator=indicators[0], period_start=datetime.date(2025, 2, 1),
        period_end=datetime.date(2025, 2, 28), value=Decimal(1), status="draft",
    )  # fmt: skip
    approved = MeasurementFactory(
        indicator=indicators[1], period_start=datetime.date(2025, 2, 1),
        period_end=datetime.date(2025, 2, 28), value=Decimal(1), status="approved",
    )  # fmt: skip

    written, _targets = rows_write(
        partnership=partnership, rows=_rows(indicators, [1, 2]), actor=officer
    )

    assert written == 5  # 6 rows, the approved value left alone
    draft.refresh_from_db()
    approved.refresh_from_db()
    assert (draft.value, draft.narrative) == (Decimal(5), "Month 2")
    assert (approved.value, approved.status) == (Decimal(1), "approved")
    assert History.objects.filter(pgh_obj_id=draft.pk, pgh_label="update").count() == 1
    assert Measurement.objects.for_partnership(partnership).count() == 6


def test_a_period_taken_meanwhile_falls_back_to_the_upsert(
    partnership, indicators, officer, monkeypatch
):
    """As if another import wrote a value between the probe and the COPY: the COPY
    fails on the unique period, is rolled back, and the upsert writes the rows."""
    taken = MeasurementFactory(
        indicator=indicators[2], period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 3, 28), value=Decimal(1), status="draft",
    )  # fmt: skip
    monkeypatch.setattr(writer, "_may_overwrite", lambda cursor, rows: False)

    written, _targets = rows_write(
        partnership=partnership, rows=_rows(indicators, [3, 4]), actor=officer
    )

    assert written == 6
    taken.refresh_from_db()
    assert taken.value == Decimal(5)
    assert Measurement.objects.for_partnership(partnership).count() == 6
    assert History.objects.filter(partnership_id=partnership.pk, pgh_label="insert").count() == 6


def test_a_failure_after_the_copy_writes_nothing(partnership, indicators, officer, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("targets failed")

    monkeypatch.setattr(writer, "targets_upsert", broken)

    with pytest.raises(RuntimeError):
        rows_write(partnership=partnership, rows=_rows(indicators, [1, 2]), actor=officer)

    assert Measurement.objects.for_partnership(partnership).count() == 0
    assert History.objects.filter(partnership_id=partnership.pk).count() == 0


def test_the_copy_tuple_carries_the_breakdown_as_json():
    row = _rows([IndicatorFactory()], [1])[0]

    assert json.loads(row.copy_tuple()[4]) == {"Sex": {"Female": "2", "Male": "3"}}
