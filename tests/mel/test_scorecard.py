"""The hub scorecard against figures computed by hand, rule by rule."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mel.models import ScorecardSnapshot
from mel.selectors.scorecard import scorecard, year_range
from partnerships.models import Partnership
from tests.mel.factories import (
    FrameworkFactory,
    IndicatorFactory,
    LibraryIndicatorFactory,
    MeasurementFactory,
    ResultFactory,
)
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

Q1 = (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
Q2 = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
Q3 = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
Q4_2024 = (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))


def adopt(partnership, library):
    result = ResultFactory(framework=FrameworkFactory(partnership=partnership))
    return IndicatorFactory(
        result=result, library_indicator=library, aggregation=library.aggregation
    )


def value(indicator, period, amount, status="approved"):
    return MeasurementFactory(
        indicator=indicator,
        period_start=period[0],
        period_end=period[1],
        value=Decimal(amount),
        status=status,
    )


@pytest.fixture
def hub():
    """Three partnerships, four library indicators, one per rule."""
    kenya = PartnershipFactory(name="A Kenya", countries=["KE"])
    uganda = PartnershipFactory(name="B Uganda", countries=["UG"])
    third = PartnershipFactory(name="C Ghana", countries=["GH"])
    libs = {
        rule: LibraryIndicatorFactory(code=f"HUB-{rule}", aggregation=rule, unit="number")
        for rule in ("sum", "average", "latest", "maximum")
    }
    ind = {(p, r): adopt(p, libs[r]) for p in (kenya, uganda, third) for r in libs}
    # sum: Kenya 10 + 20 (+ a draft and a 2024 value), Uganda 5, Ghana only submitted.
    value(ind[kenya, "sum"], Q1, 10)
    value(ind[kenya, "sum"], Q2, 20)
    value(ind[kenya, "sum"], Q3, 999, status="draft")
    value(ind[kenya, "sum"], Q4_2024, 1000)
    value(ind[uganda, "sum"], Q1, 5)
    value(ind[third, "sum"], Q1, 100, status="submitted")
    # average: Kenya (40 + 60) / 2 = 50, Uganda 80 → mean of partnerships 65.
    value(ind[kenya, "average"], Q1, 40)
    value(ind[kenya, "average"], Q2, 60)
    value(ind[uganda, "average"], Q1, 80)
    # latest (a stock): Kenya 100 then 150, Uganda 70 then 90 → 150 + 90.
    value(ind[kenya, "latest"], Q1, 100)
    value(ind[kenya, "latest"], Q2, 150)
    value(ind[uganda, "latest"], Q1, 70)
    value(ind[uganda, "latest"], Q3, 90)
    value(ind[third, "latest"], Q2, 500, status="returned")
    # maximum (a running total): Kenya 3, 7; Uganda 9 → 7 + 9.
    value(ind[kenya, "maximum"], Q1, 3)
    value(ind[kenya, "maximum"], Q2, 7)
    value(ind[uganda, "maximum"], Q1, 9)
    return libs


def figures(rows):
    return {row.library.code: (row.value, row.partnerships) for row in rows}


def test_each_rule_combines_partnerships_as_computed_by_hand(hub):
    first, last = year_range(2025)

    rows = scorecard(first=first, last=last)

    assert figures(rows) == {
        "HUB-average": (Decimal(65), 2),
        "HUB-latest": (Decimal(240), 2),
        "HUB-maximum": (Decimal(16), 2),
        "HUB-sum": (Decimal(35), 2),
    }


def test_percentages_are_averaged_across_partnerships_whatever_the_rule(hub):
    library = LibraryIndicatorFactory(code="HUB-share", aggregation="latest", unit="percentage")
    kenya = Partnership.objects.get(name="A Kenya")
    uganda = Partnership.objects.get(name="B Uganda")
    # The latest share of women in the forum: Kenya 30 then 40, Uganda 60 → (40 + 60) / 2.
    kenya_share, uganda_share = adopt(kenya, library), adopt(uganda, library)
    value(kenya_share, Q1, 30)
    value(kenya_share, Q2, 40)
    value(uganda_share, Q1, 60)
    first, last = year_range(2025)

    rows = scorecard(first=first, last=last)

    assert figures(rows)["HUB-share"] == (Decimal(50), 2)
    assert next(r for r in rows if r.library.code == "HUB-share").rule_note == (
        "mean of the partnerships' values"
    )


def test_without_a_period_every_approved_value_counts(hub):
    rows = scorecard()

    assert figures(rows)["HUB-sum"] == (Decimal(1035), 2)


def test_the_country_filter_keeps_that_country_s_partnerships(hub):
    rows = scorecard(
        first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31), country="ke"
    )

    assert figures(rows) == {
        "HUB-average": (Decimal(50), 1),
        "HUB-latest": (Decimal(150), 1),
        "HUB-maximum": (Decimal(7), 1),
        "HUB-sum": (Decimal(30), 1),
    }


def test_a_partnership_not_yet_approved_is_left_out(hub):
    pending = PartnershipFactory(approval="pending")
    value(adopt(pending, hub["sum"]), Q1, 500)

    rows = scorecard(first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31))

    assert figures(rows)["HUB-sum"] == (Decimal(35), 2)


@pytest.mark.parametrize("who", ["anonymous", "user", "member"])
def test_the_staff_page_does_not_exist_for_others(client, hub, who):
    if who != "anonymous":
        person = MembershipFactory(role="leader").user if who == "member" else None
        from tests.hub.factories import UserFactory

        client.force_login(person or UserFactory())

    for name in ("manage", "publish", "export"):
        url = reverse(f"scorecard:{name}")
        response = client.get(url) if name == "manage" else client.post(url, {"title": "x"})
        assert response.status_code == 404, name
    assert ScorecardSnapshot.objects.count() == 0


def test_staff_see_the_live_figures_and_publish_them(client, hub, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("scorecard:manage"), {"year": "2025"})
    published = client.post(
        reverse("scorecard:publish"), {"title": "Scorecard 2025", "year": "2025"}
    )

    assert page.status_code == 200
    assert [(r.library.code, r.value) for r in page.context["rows"]][-1] == (
        "HUB-sum",
        Decimal(35),
    )
    assert published.status_code == 302
    snapshot = ScorecardSnapshot.objects.get()
    assert snapshot.period_label == "2025"
    assert {f["code"]: f["value"] for f in snapshot.figures} == {
        "HUB-average": "65.00",
        "HUB-latest": "240.00",
        "HUB-maximum": "16.00",
        "HUB-sum": "35.00",
    }


def test_the_public_page_shows_only_published_figures(client, hub, staff_user):
    empty = client.get(reverse("scorecard:public"))
    ScorecardSnapshot.objects.create(
        title="Scorecard 2025",
        figures=[
            {
                "code": "HUB-sum",
                "name": "Hectares",
                "unit": "ha",
                "aggregation": "sum",
                "value": "12.00",
                "partnerships": 2,
            }
        ],
    )

    page = client.get(reverse("scorecard:public"))

    assert empty.status_code == 200
    assert "No figures have been published yet." in empty.content.decode()
    body = page.content.decode()
    assert "Scorecard 2025" in body and "HUB-sum" in body
    assert "HUB-latest" not in body


def test_the_scorecard_xlsx_job_writes_the_figures(hub, staff_user):
    from openpyxl import load_workbook

    from mel.reports.services import scorecard_export_start
    from mel.tasks import scorecard_xlsx_task

    job = scorecard_export_start(
        actor=staff_user, first=year_range(2025)[0], last=year_range(2025)[1]
    )
    scorecard_xlsx_task(job.pk)
    job.refresh_from_db()

    assert job.status == "succeeded"
    sheet = load_workbook(job.result_file.open("rb")).active
    values = {row[0]: (row[4], row[5]) for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values == {
        "HUB-average": (65.0, 2),
        "HUB-latest": (240.0, 2),
        "HUB-maximum": (16.0, 2),
        "HUB-sum": (35.0, 2),
    }
