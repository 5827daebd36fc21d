import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mel.models import Measurement, MeasurementRevision, Result
from mel.selectors.tracking import completeness, tracking_table
from partnerships.roles import Role
from tests.mel.conftest import Q1, Q2
from tests.mel.factories import IndicatorFactory, MeasurementFactory, ResultFactory, TargetFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def url(name, partnership, *args):
    return reverse(f"mel:{name}", args=[partnership.slug, *args])


def test_the_outline_editor_adds_renames_moves_and_deletes_results(
    client, partnership, framework, officer
):
    client.force_login(officer)
    create = url("result-create", partnership, framework.uuid)

    client.post(create, {"title": "Goal"}, HTTP_HX_REQUEST="true")
    goal = Result.objects.get()
    response = client.post(
        create, {"title": "Outcome A", "parent": goal.uuid}, HTTP_HX_REQUEST="true"
    )
    client.post(create, {"title": "Outcome B", "parent": goal.uuid}, HTTP_HX_REQUEST="true")
    a, b = Result.objects.filter(depth=1).order_by("position")

    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    client.post(
        url("result-edit", partnership, a.uuid),
        {"title": "Outcome A renamed"},
        HTTP_HX_REQUEST="true",
    )
    client.post(url("result-move", partnership, b.uuid), {"step": "-1"}, HTTP_HX_REQUEST="true")
    client.post(url("result-delete", partnership, a.uuid), HTTP_HX_REQUEST="true")

    assert [(r.title, r.position) for r in Result.objects.filter(depth=1)] == [("Outcome B", 0)]


def test_the_outline_shows_a_refusal_without_changing_anything(
    client, partnership, framework, officer
):
    client.force_login(officer)
    framework.level_names = ["Goal"]
    framework.save()
    goal = ResultFactory(framework=framework)

    response = client.post(
        url("result-create", partnership, framework.uuid),
        {"title": "Too deep", "parent": goal.uuid},
        HTTP_HX_REQUEST="true",
    )

    assert "a result cannot go deeper" in response.content.decode()
    assert Result.objects.count() == 1


def test_the_framework_page_draws_every_result_in_the_svg(client, partnership, framework, officer):
    client.force_login(officer)
    goal = ResultFactory(framework=framework, title="Thriving landscape")
    ResultFactory(framework=framework, parent=goal, depth=1, title="Restored slopes")

    page = client.get(url("framework-detail", partnership, framework.uuid)).content.decode()

    assert page.count('<g class="node') == 2
    assert page.count('class="edge"') == 1
    assert "Restored slopes" in page


def test_entering_and_approving_a_value_through_the_pages(
    client, partnership, people, editor, officer
):
    client.force_login(editor)
    response = client.post(
        url("measurement-create", partnership, people.uuid),
        {
            "period": f"{Q1[0]}|{Q1[1]}",
            "value": "10",
            "bd::Sex::Female": "6",
            "bd::Sex::Male": "5",
            "submit_for_review": "on",
        },
    )
    assert response.status_code == 400
    assert "add up to 11, not to the total 10" in response.content.decode()
    assert not Measurement.objects.exists()

    client.post(
        url("measurement-create", partnership, people.uuid),
        {
            "period": f"{Q1[0]}|{Q1[1]}",
            "value": "10",
            "bd::Sex::Female": "6",
            "bd::Sex::Male": "4",
            "submit_for_review": "on",
        },
    )
    measurement = Measurement.objects.get()
    assert measurement.status == "submitted"
    assert client.post(url("measurement-approve", partnership, measurement.uuid)).status_code == 403

    client.force_login(officer)
    client.post(url("review", partnership), {"measurement": [measurement.uuid]})
    measurement.refresh_from_db()
    assert measurement.status == "approved"

    response = client.post(
        url("measurement-edit", partnership, measurement.uuid),
        {
            "value": "12",
            "bd::Sex::Female": "6",
            "bd::Sex::Male": "6",
            "change_reason": "",
        },
    )
    assert response.status_code == 400
    client.post(
        url("measurement-edit", partnership, measurement.uuid),
        {
            "value": "12",
            "bd::Sex::Female": "6",
            "bd::Sex::Male": "6",
            "change_reason": "Late survey",
        },
    )
    assert MeasurementRevision.objects.get().change_reason == "Late survey"
    page = client.get(url("indicator-detail", partnership, people.uuid)).content.decode()
    assert "Late survey" in page
    assert 'id="mel-series"' in page


def test_the_tracking_table_shows_percent_achieved_by_rule(partnership, result):
    total = IndicatorFactory(result=result, aggregation="sum", end_target=Decimal(100))
    latest = IndicatorFactory(result=result, aggregation="latest")
    for indicator, values in ((total, (30, 40)), (latest, (30, 40))):
        for (start, end), value in zip((Q1, Q2), values, strict=True):
            MeasurementFactory(
                indicator=indicator,
                period_start=start,
                period_end=end,
                value=Decimal(value),
                status="approved",
            )
    TargetFactory(indicator=total, period_start=Q1[0], period_end=Q1[1], value=Decimal(40))
    MeasurementFactory(
        indicator=latest,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        value=Decimal(99),
        status="draft",
    )

    table = tracking_table(
        partnership=partnership,
        first=datetime.date(2025, 1, 1),
        last=datetime.date(2025, 12, 31),
        kind="year",
    )

    rows = {row.indicator.pk: row for row in table.rows}
    assert [label for _s, _e, label in table.columns] == ["2025"]
    assert rows[total.pk].cells[0].actual == Decimal(70)
    assert rows[latest.pk].cells[0].actual == Decimal(40)
    assert (rows[total.pk].total.actual, rows[total.pk].total.percent) == (Decimal(70), Decimal(70))
    assert rows[total.pk].total.status == "warn"
    quarter = tracking_table(partnership=partnership, first=Q1[0], last=Q2[1], kind="quarter")
    cell = {r.indicator.pk: r for r in quarter.rows}[total.pk].cells[0]
    assert (cell.target, cell.actual, cell.percent, cell.status) == (
        Decimal(40),
        Decimal(30),
        Decimal(75),
        "warn",
    )


def test_the_tracking_table_runs_the_same_queries_for_n_and_2n(
    client, partnership, result, officer
):
    client.force_login(officer)

    def grow(count):
        for _ in range(count):
            indicator = IndicatorFactory(result=result)
            for start, end in (Q1, Q2):
                TargetFactory(indicator=indicator, period_start=start, period_end=end)
                MeasurementFactory(
                    indicator=indicator, period_start=start, period_end=end, status="approved"
                )

    grow(3)
    page = url("tracking", partnership) + "?start=2024-01-01&end=2025-12-31"
    assert_constant_queries(lambda: client.get(page), lambda: grow(3))
    assert_constant_queries(
        lambda: client.get(page.replace("2024-01-01", "2020-01-01")), lambda: grow(1)
    )


def test_the_tracking_table_filters_and_exports(client, partnership, result, officer):
    client.force_login(officer)
    kept = IndicatorFactory(result=result, pillars=["ecosystems"], name="Forest cover")
    IndicatorFactory(result=result, pillars=["governance"], name="Forum meetings")

    page = client.get(url("tracking", partnership) + "?pillar=ecosystems").content.decode()
    export = client.get(url("tracking-export", partnership) + "?pillar=ecosystems")

    assert "Forest cover" in page and "Forum meetings" not in page
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [kept.code]


def test_the_dashboard_counts_due_late_and_missing(partnership, result):
    indicator = IndicatorFactory(result=result)
    today = datetime.date(2025, 11, 15)
    MeasurementFactory(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        status="approved",
    )
    MeasurementFactory(
        indicator=indicator,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30),
        status="draft",
    )

    data = completeness(partnership=partnership, first=datetime.date(2025, 1, 1), today=today)

    assert (data["expected"], data["complete"], data["percent"]) == (3, 1, 33)
    assert data["counts"] == {"due": 0, "late": 1, "missing": 1, "awaiting": 0}
    data = completeness(
        partnership=partnership, first=datetime.date(2025, 1, 1), today=datetime.date(2025, 10, 10)
    )
    assert data["counts"]["due"] == 1


def test_the_dashboard_runs_the_same_queries_for_n_and_2n(client, partnership, result, officer):
    client.force_login(officer)

    def grow():
        for _ in range(3):
            MeasurementFactory(indicator=IndicatorFactory(result=result))

    grow()
    assert_constant_queries(lambda: client.get(url("dashboard", partnership)), grow)


def test_the_indicator_list_runs_the_same_queries_for_n_and_2n(
    client, partnership, result, officer, sex
):
    client.force_login(officer)

    def grow():
        for _ in range(3):
            IndicatorFactory(result=result, responsible=officer).disaggregations.set([sex])

    grow()
    assert_constant_queries(lambda: client.get(url("indicator-list", partnership)), grow)


def test_a_viewer_sees_the_pages_but_not_the_edit_buttons(client, partnership, people):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)

    page = client.get(url("indicator-detail", partnership, people.uuid))

    assert page.status_code == 200
    assert "Enter a value" not in page.content.decode()
    assert client.get(url("measurement-create", partnership, people.uuid)).status_code == 403
