"""Part ``mel``: results frameworks and indicators for the MEL figures of issue 5.

- ``MAIN_SLUG`` gets 200 quarterly indicators with 40 quarters of approved values and
  targets (the 200 × 40 tracking table); ``PROBE_N_SLUG`` gets 20 indicators with 4
  quarters (the 20 × 4 one).
- ``PROBE_2N_SLUG`` gets 200 monthly indicators that hold no measurement: the import
  phase (``tests/perf/melimport.py``) writes its 100,000 rows there and deletes them.

Frameworks, results and indicators go through ``mel.services``; values through the
application's bulk writer.
"""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal

from mel.models import Frequency, IndicatorType, MeasurementStatus
from mel.periods import periods_between
from mel.services import framework as framework_services
from mel.services import indicators as indicator_services
from mel.services.measurements import measurements_copy_in, targets_upsert
from partnerships.models import Partnership
from tests.perf.dataset import core

NAME = "mel"
VERSION = "1"

TRACKING_FIRST = datetime.date(2016, 1, 1)
TRACKING_LARGE = (core.MAIN_SLUG, 200, 40)  # slug, indicators, quarters
TRACKING_SMALL = (core.PROBE_N_SLUG, 20, 4)
IMPORT_SLUG = core.PROBE_2N_SLUG
IMPORT_INDICATORS = 200


def tracking_range(quarters: int) -> tuple[datetime.date, datetime.date]:
    """Whole years: ``quarters`` is a multiple of 4."""
    end = datetime.date(TRACKING_FIRST.year + quarters // 4, 1, 1) - datetime.timedelta(days=1)
    return TRACKING_FIRST, end


def _framework(partnership: Partnership, count: int, frequency: str, prefix: str):
    framework = framework_services.framework_create(
        partnership=partnership, name=f"Bench framework {prefix}",
        start_date=TRACKING_FIRST, end_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    goal = framework_services.result_create(framework=framework, code="G", title="Bench goal")
    outcomes = [
        framework_services.result_create(
            framework=framework, parent=goal, code=str(n), title=f"Bench outcome {n}"
        )
        for n in range(1, 5)
    ]
    return [
        indicator_services.indicator_create(
            partnership=partnership, result=outcomes[n % len(outcomes)],
            code=f"{prefix}-{n:03d}", name=f"Bench indicator {prefix} {n}",
            frequency=frequency, indicator_type=IndicatorType.OUTPUT,
            baseline_value=Decimal(0), end_target=Decimal(1000),
        )
        for n in range(1, count + 1)
    ]  # fmt: skip


def _tracking(rng: random.Random, slug: str, count: int, quarters: int) -> None:
    partnership = Partnership.objects.get(slug=slug)
    indicators = _framework(partnership, count, Frequency.QUARTERLY, "T")
    first, last = tracking_range(quarters)
    periods = periods_between(Frequency.QUARTERLY, first, last)
    measurements, targets = [], []
    for indicator in indicators:
        for start, end in periods:
            targets.append((indicator.pk, start, end, Decimal(25)))
            value = Decimal(rng.randint(0, 5000)) / 100
            measurements.append((indicator.pk, start, end, value, json.dumps({}), ""))
    targets_upsert(partnership_id=partnership.pk, rows=targets)
    measurements_copy_in(partnership_id=partnership.pk, rows=measurements,
                         status=MeasurementStatus.APPROVED)  # fmt: skip


def import_indicator_ids() -> list[int]:
    from mel.models import Indicator

    partnership = Partnership.objects.get(slug=IMPORT_SLUG)
    return list(
        Indicator.objects.for_partnership(partnership)
        .filter(code__startswith="I-")
        .order_by("code")
        .values_list("pk", flat=True)
    )


def build(rng: random.Random, *, log=print) -> None:
    for slug, count, quarters in (TRACKING_LARGE, TRACKING_SMALL):
        _tracking(rng, slug, count, quarters)
        log(f"  mel: {slug}: {count} indicators × {quarters} quarters")
    _framework(Partnership.objects.get(slug=IMPORT_SLUG), IMPORT_INDICATORS,
               Frequency.MONTHLY, "I")  # fmt: skip
    log(f"  mel: {IMPORT_SLUG}: {IMPORT_INDICATORS} monthly indicators for the import phase")
