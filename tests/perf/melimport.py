"""The MEL import phase of ``make bench`` (issue 5): 100,000 measurement rows written by
the import's writer (``mel.services.measurements.rows_write``, what ``import_process``
calls after validation; it COPYs into a temporary table, then INSERT … SELECT), by
Django ``bulk_create`` and by a raw ``COPY`` into ``mel_measurement``, in the same run.

Every method starts from the same validated rows (``CleanRow``), converts them to what
it writes, and writes them into an empty state (the rows of the previous method are
deleted and the table vacuumed, outside the timing). Rounds are interleaved; each
method's best round counts. Also counts the queries of the tracking table for 20 × 4 and
200 × 40 indicators × quarters (Django test client, in-process)."""

from __future__ import annotations

import datetime
import json
import random
import time
import uuid
from decimal import Decimal

NAME = "mel-import"
ROWS = 100_000
WRITER_VS_BULK_MIN = 3.0
COPY_VS_WRITER_MAX = 1.5
BULK_BATCH = 1_000


def _rows(indicator_ids: list[int], rng: random.Random):
    from mel.models import Frequency
    from mel.periods import periods_between
    from mel.services.rows import CleanRow

    per_indicator = ROWS // len(indicator_ids)
    periods = periods_between(Frequency.MONTHLY, datetime.date(1980, 1, 1),
                              datetime.date(2030, 12, 31))[:per_indicator]  # fmt: skip
    assert len(periods) == per_indicator and per_indicator * len(indicator_ids) == ROWS
    rows, number = [], 1
    for indicator_id in indicator_ids:
        for start, end in periods:
            number += 1
            breakdown = {"Sex": {"Female": "1", "Male": "2"}} if number % 10 == 0 else {}
            rows.append(CleanRow(
                row=number, indicator_id=indicator_id, period_start=start, period_end=end,
                value=Decimal(rng.randint(0, 10_000_000)) / 100, target=None,
                breakdown=breakdown, narrative="Field report" if number % 7 == 0 else "",
            ))  # fmt: skip
    return rows


def _writer(partnership, rows, actor) -> int:
    from mel.services.measurements import rows_write

    written, _targets = rows_write(partnership=partnership, rows=rows, actor=actor)
    return written


def _bulk_create(partnership, rows, actor) -> int:
    from django.db import transaction

    from mel.models import Measurement, MeasurementStatus

    with transaction.atomic():
        objects = [
            Measurement(
                partnership_id=partnership.pk, indicator_id=r.indicator_id,
                period_start=r.period_start, period_end=r.period_end, value=r.value,
                breakdown=r.breakdown, narrative=r.narrative,
                status=MeasurementStatus.DRAFT, entered_by_id=actor.pk,
            )
            for r in rows
        ]  # fmt: skip
        return len(Measurement.objects.bulk_create(objects, batch_size=BULK_BATCH))


COPY_SQL = (
    "COPY mel_measurement (uuid, created_at, updated_at, partnership_id, indicator_id, "
    "period_start, period_end, value, breakdown, narrative, status, review_comment, "
    "entered_by_id) FROM STDIN"
)


def _copy(partnership, rows, actor) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    now, pk, user = timezone.now(), partnership.pk, actor.pk
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(COPY_SQL) as copy,
    ):
        for r in rows:
            copy.write_row((
                uuid.uuid4(), now, now, pk, r.indicator_id, r.period_start, r.period_end,
                r.value, json.dumps(r.breakdown, separators=(",", ":")), r.narrative,
                "draft", "", user,
            ))  # fmt: skip
    return len(rows)


METHODS = {"writer": _writer, "bulk_create": _bulk_create, "copy": _copy}


def _clean(partnership) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("delete from mel_measurement where partnership_id = %s", [partnership.pk])
        cursor.execute("vacuum analyze mel_measurement")


def _count(partnership) -> int:
    from mel.models import Measurement

    return Measurement.objects.filter(partnership=partnership).count()


def tracking_queries(user) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.perf.dataset import mel

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    result = {}
    for key, (slug, indicators, quarters) in (("small", mel.TRACKING_SMALL),
                                              ("large", mel.TRACKING_LARGE)):  # fmt: skip
        first, last = mel.tracking_range(quarters)
        path = f"/p/{slug}/mel/tracking/?start={first}&end={last}&by=quarter"
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path, secure=True)
            seconds = time.perf_counter() - t0
        body = response.content.decode()
        result[key] = {
            "path": path, "indicators": indicators, "periods": quarters,
            "status": response.status_code, "queries": len(ctx),
            "seconds": round(seconds, 3),
            "indicator_rows_seen": body.count("Bench indicator T "),
        }  # fmt: skip
    result["constant"] = (
        result["small"]["queries"] == result["large"]["queries"]
        and result["small"]["status"] == result["large"]["status"] == 200
    )
    return result


def run(*, rounds: int = 2, log=print) -> dict:
    from partnerships.models import Partnership
    from tests.perf.dataset import core, mel

    partnership = Partnership.objects.get(slug=mel.IMPORT_SLUG)
    actor = core.principal()
    indicator_ids = mel.import_indicator_ids()
    rows = _rows(indicator_ids, random.Random(f"{NAME}:{ROWS}"))
    _clean(partnership)
    seconds: dict[str, list[float]] = {name: [] for name in METHODS}
    for number in range(rounds):
        order = list(METHODS) if number % 2 == 0 else list(reversed(METHODS))
        for name in order:
            t0 = time.perf_counter()
            written = METHODS[name](partnership, rows, actor)
            elapsed = time.perf_counter() - t0
            stored = _count(partnership)
            _clean(partnership)
            if written != ROWS or stored != ROWS:
                raise RuntimeError(f"{name} wrote {written} rows, {stored} stored, not {ROWS}")
            seconds[name].append(elapsed)
            log(f"  {name}: {ROWS / elapsed:,.0f} rows/s ({elapsed:.2f} s)")
    best = {name: min(values) for name, values in seconds.items()}
    rate = {name: ROWS / s for name, s in best.items()}
    writer_vs_bulk = rate["writer"] / rate["bulk_create"]
    copy_vs_writer = rate["copy"] / rate["writer"]
    tracking = tracking_queries(actor)
    targets = [
        {"endpoint": NAME, "figure": "writer rows/s vs bulk_create",
         "target": f"≥ {WRITER_VS_BULK_MIN:.0f}×", "value": round(writer_vs_bulk, 2),
         "passed": writer_vs_bulk >= WRITER_VS_BULK_MIN},
        {"endpoint": NAME, "figure": "COPY rows/s vs writer",
         "target": f"≤ {COPY_VS_WRITER_MAX}×", "value": round(copy_vs_writer, 2),
         "passed": copy_vs_writer <= COPY_VS_WRITER_MAX},
        {"endpoint": NAME, "figure": "tracking queries 20×4 = 200×40",
         "target": "equal",
         "value": f"{tracking['small']['queries']}→{tracking['large']['queries']}",
         "passed": tracking["constant"]},
    ]  # fmt: skip
    return {
        "rows": ROWS,
        "indicators": len(indicator_ids),
        "rounds": rounds,
        "writer": "mel.services.measurements.rows_write → measurements_copy_in",
        "bulk_create_batch_size": BULK_BATCH,
        "seconds": {name: [round(s, 3) for s in values] for name, values in seconds.items()},
        "rows_per_second": {name: round(r) for name, r in rate.items()},
        "writer_vs_bulk_create": round(writer_vs_bulk, 2),
        "copy_vs_writer": round(copy_vs_writer, 2),
        "tracking_table": tracking,
        "targets": targets,
    }


def render(result: dict) -> str:
    rate = result["rows_per_second"]
    verdict = {t["figure"]: "ok" if t["passed"] else "FAIL" for t in result["targets"]}
    tracking = result["tracking_table"]
    lines = [
        f"MEL import of {result['rows']:,} measurement rows "
        f"(best of {result['rounds']} round(s), order alternating)",
        f"{'method':<34}{'rows/s':>12}{'seconds':>10}",
    ]
    for name, label in (("writer", "import writer (rows_write)"),
                        ("bulk_create", f"Django bulk_create ({BULK_BATCH}/batch)"),
                        ("copy", "raw COPY into mel_measurement")):  # fmt: skip
        lines.append(f"{label:<34}{rate[name]:>12,}{min(result['seconds'][name]):>10.2f}")
    lines += [
        f"writer / bulk_create = {result['writer_vs_bulk_create']:.2f}× "
        f"(target ≥ {WRITER_VS_BULK_MIN:.0f}×: {verdict['writer rows/s vs bulk_create']})",
        f"COPY / writer = {result['copy_vs_writer']:.2f}× "
        f"(target ≤ {COPY_VS_WRITER_MAX}×: {verdict['COPY rows/s vs writer']})",
        f"tracking table queries: 20×4 → {tracking['small']['queries']}, "
        f"200×40 → {tracking['large']['queries']} "
        f"({tracking['small']['seconds']:.2f} s / {tracking['large']['seconds']:.2f} s in-process; "
        f"constant: {verdict['tracking queries 20×4 = 200×40']})",
    ]
    return "\n".join(lines)
