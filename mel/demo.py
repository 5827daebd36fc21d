"""Demo MEL data (idempotent): a small hub library and, for Mount Elgon and Alto Mayo,
a results framework with six indicators, two years of quarterly targets and approved
values."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.utils import timezone

from mel.models import (
    Aggregation,
    Direction,
    Framework,
    Frequency,
    IndicatorType,
    LibraryIndicator,
    MeasurementStatus,
    Pillar,
    Unit,
)
from mel.periods import periods_between
from mel.services import framework as framework_services
from mel.services import indicators as indicator_services
from mel.services.measurements import measurements_copy_in, targets_upsert
from partnerships.models import Membership, Partnership
from partnerships.roles import Role

LIBRARY = [
    {
        "code": "HUB-RES-HA", "name": "Hectares under restoration", "unit": Unit.HECTARES,
        "indicator_type": IndicatorType.OUTCOME, "aggregation": Aggregation.SUM,
        "pillars": [Pillar.ECOSYSTEMS], "sdg_targets": ["15.3"],
        "definition": "Area where active or assisted restoration started in the period.",
    },
    {
        "code": "HUB-PEOPLE", "name": "People benefiting", "unit": Unit.PEOPLE,
        "indicator_type": IndicatorType.OUTPUT, "aggregation": Aggregation.MAXIMUM,
        "pillars": [Pillar.HUMAN_WELL_BEING], "sdg_targets": ["1.4"],
        "definition": "People directly benefiting from partnership activities (not summed over periods).",
        "disaggregations": [{"name": "Sex", "values": ["Female", "Male"]}],
    },
    {
        "code": "HUB-FIN-USD", "name": "Finance mobilized (USD)", "unit": Unit.CURRENCY,
        "currency": "USD", "indicator_type": IndicatorType.OUTCOME, "aggregation": Aggregation.SUM,
        "pillars": [Pillar.PRODUCTION], "sdg_targets": ["17.3"],
        "definition": "New finance committed to landscape investments in the period.",
    },
    {
        "code": "HUB-GOV-PLAN", "name": "Landscape plan adopted", "unit": Unit.YES_NO,
        "indicator_type": IndicatorType.OUTCOME, "aggregation": Aggregation.LATEST,
        "pillars": [Pillar.GOVERNANCE], "sdg_targets": ["15.9"],
        "definition": "The multi-stakeholder landscape plan is formally adopted.",
    },
]  # fmt: skip

FRAMEWORKS = {
    "mount-elgon": {
        "goal": "Resilient Mount Elgon landscape with thriving communities",
        "outcomes": [
            ("1", "Degraded slopes and riverbanks restored", ["Farmers trained in agroforestry",
                                                              "Tree nurseries established"]),
            ("2", "Farm incomes rise through sustainable coffee", ["Cooperatives certified"]),
            ("3", "Inclusive landscape governance", ["Landscape forum meets regularly"]),
        ],
        "own": [
            ("ME-SEED", "Seedlings distributed", Unit.NUMBER, "1.2", Aggregation.SUM, 40000),
            ("ME-COOP", "Coffee cooperatives certified", Unit.NUMBER, "2.1", Aggregation.LATEST, 6),
            ("ME-FOR", "Forum members who are women (%)", Unit.PERCENTAGE, "3.1", Aggregation.AVERAGE, 40),
        ],
    },
    "alto-mayo": {
        "goal": "Conserved Alto Mayo forests and sustainable livelihoods",
        "outcomes": [
            ("1", "Deforestation reduced in the protected forest", ["Conservation agreements signed",
                                                                   "Forest patrols supported"]),
            ("2", "Sustainable coffee and cocoa value chains", ["Producers trained"]),
            ("3", "Strong landscape platform", ["Platform sessions held"]),
        ],
        "own": [
            ("AM-AGR", "Conservation agreements in force", Unit.NUMBER, "1.1", Aggregation.LATEST, 900),
            ("AM-PATROL", "Patrol days", Unit.NUMBER, "1.2", Aggregation.SUM, 600),
            ("AM-PROD", "Producers applying good practices (%)", Unit.PERCENTAGE, "2.1", Aggregation.AVERAGE, 60),
        ],
    },
}  # fmt: skip


def _library() -> dict[str, LibraryIndicator]:
    items = {}
    for spec in LIBRARY:
        spec = dict(spec)
        item = LibraryIndicator.objects.filter(code=spec["code"]).first()
        if item is None:
            item = LibraryIndicator(is_published=True, **spec)
            item.full_clean()
            item.save()
        items[item.code] = item
    return items


def seed() -> None:
    library = _library()
    today = timezone.localdate()
    quarters = periods_between(
        Frequency.QUARTERLY, datetime.date(today.year - 2, today.month, 1), today
    )
    quarters = [q for q in quarters if q[1] < today][-8:]
    for slug, spec in FRAMEWORKS.items():
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None or Framework.objects.for_partnership(partnership).exists():
            continue
        _seed_partnership(partnership, spec, library, quarters)


def _seed_partnership(partnership, spec, library, quarters) -> None:
    officer = (
        Membership.objects.for_partnership(partnership)
        .filter(role__in=[Role.MEL_OFFICER, Role.LEADER])
        .select_related("user")
        .order_by("role")
        .first()
    )
    first_year = quarters[0][0].year if quarters else timezone.localdate().year - 2
    framework = framework_services.framework_create(
        partnership=partnership,
        name="Results framework 2024–2028"
        if first_year <= 2024
        else f"Results framework {first_year}–{first_year + 4}",
        start_date=quarters[0][0] if quarters else datetime.date(first_year, 1, 1),
        end_date=datetime.date(first_year + 4, 12, 31),
    )
    goal = framework_services.result_create(framework=framework, code="G", title=spec["goal"])
    results = {}
    for code, title, outputs in spec["outcomes"]:
        outcome = framework_services.result_create(
            framework=framework, parent=goal, code=code, title=title
        )
        results[code] = outcome
        for index, output_title in enumerate(outputs, start=1):
            results[f"{code}.{index}"] = framework_services.result_create(
                framework=framework, parent=outcome, code=f"{code}.{index}", title=output_title
            )
    responsible = officer.user if officer else None
    indicators = [
        indicator_services.library_adopt(partnership=partnership, library_indicator=library["HUB-RES-HA"],
                                         result=results["1"], responsible=responsible,
                                         baseline_value=Decimal(0), end_target=Decimal(2500)),
        indicator_services.library_adopt(partnership=partnership, library_indicator=library["HUB-PEOPLE"],
                                         result=results["2"], responsible=responsible,
                                         baseline_value=Decimal(0), end_target=Decimal(6000)),
        indicator_services.library_adopt(partnership=partnership, library_indicator=library["HUB-FIN-USD"],
                                         result=goal, responsible=responsible,
                                         baseline_value=Decimal(0), end_target=Decimal(3000000)),
    ]  # fmt: skip
    for code, name, unit, result_code, aggregation, end_target in spec["own"]:
        indicators.append(
            indicator_services.indicator_create(
                partnership=partnership, result=results[result_code], code=code, name=name,
                unit=unit, aggregation=aggregation, frequency=Frequency.QUARTERLY,
                indicator_type=IndicatorType.OUTPUT, direction=Direction.INCREASE,
                responsible=responsible, end_target=Decimal(end_target), baseline_value=Decimal(0),
                data_source="Partner field reports", collection_method="Quarterly partner reporting form",
            )
        )  # fmt: skip
    measurement_rows, target_rows = [], []
    for index, indicator in enumerate(indicators):
        end_target = indicator.end_target or Decimal(100)
        for number, (start, end) in enumerate(quarters, start=1):
            target, value = _values(indicator, end_target, number, len(quarters), seed=index)
            target_rows.append((indicator.pk, start, end, target))
            if number == len(quarters) and index % 3 == 2:
                continue  # a missing value, so the dashboard has something to show
            breakdown = {}
            if indicator.library_indicator and indicator.library_indicator.code == "HUB-PEOPLE":
                female = (value * Decimal("0.52")).quantize(Decimal(1))
                breakdown = {"Sex": {"Female": str(female), "Male": str(value - female)}}

            measurement_rows.append((indicator.pk, start, end, value, json.dumps(breakdown), ""))
    targets_upsert(partnership_id=partnership.pk, rows=target_rows)
    measurements_copy_in(
        partnership_id=partnership.pk,
        rows=measurement_rows,
        status=MeasurementStatus.APPROVED,
        entered_by_id=officer.user_id if officer else None,
    )


def _values(indicator, end_target: Decimal, number: int, count: int, *, seed: int):
    wobble = Decimal((number * 7 + seed * 3) % 5 - 2) / Decimal(20)
    if indicator.aggregation == Aggregation.SUM:
        target = (end_target / 20).quantize(Decimal(1))
        value = (target * (Decimal(1) + wobble)).quantize(Decimal(1))
    elif indicator.aggregation == Aggregation.AVERAGE:
        target = end_target
        value = (end_target * (Decimal("0.8") + wobble)).quantize(Decimal("0.1"))
        value = min(value, Decimal(100))
    else:
        target = (end_target * number / (count + 4)).quantize(Decimal(1))
        value = (target * (Decimal(1) + wobble)).quantize(Decimal(1))
    return target, max(value, Decimal(0))
