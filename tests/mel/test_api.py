import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mel.models import Indicator, Measurement, Result
from mel.periods import period_containing
from tests.mel.conftest import Q1
from tests.mel.factories import (
    FrameworkFactory,
    IndicatorFactory,
    LibraryIndicatorFactory,
    MeasurementFactory,
    ResultFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def api(name, partnership, *args):
    return reverse(f"api-v1:mel-{name}", args=[partnership.slug, *args])


def _row(indicator, month=1, **extra):
    start = datetime.date(2025, month, 1)
    return {
        "indicator": str(indicator.uuid),
        "period_start": start.isoformat(),
        "value": "5",
        **extra,
    }


def test_bulk_create_writes_every_row(client, partnership, officer, hectares, people):
    client.force_login(officer)
    rows = [_row(hectares, m) for m in (1, 4, 7, 10)]
    rows.append(_row(people, 1, value="10", breakdown={"Sex": {"Female": "4", "Male": "6"}}))

    response = client.post(
        api("measurement-bulk", partnership),
        {"rows": rows, "submit": True},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert response.json() == {"measurements": 5}
    assert Measurement.objects.filter(status="submitted").count() == 5
    assert Measurement.objects.get(indicator=people).period_end == Q1[1]


def test_bulk_create_is_all_or_nothing_with_per_row_errors(
    client, partnership, officer, hectares, people
):
    client.force_login(officer)
    foreign = IndicatorFactory(result=ResultFactory(framework=FrameworkFactory()))
    rows = [
        _row(hectares, 1),
        _row(hectares, 2, period_end="2025-04-30"),
        _row(hectares, 4, value="many"),
        _row(people, 1, value="10", breakdown={"Sex": {"Female": "4", "Male": "4"}}),
        _row(hectares, 1),
        _row(foreign, 1),
    ]

    response = client.post(
        api("measurement-bulk", partnership), {"rows": rows}, content_type="application/json"
    )

    body = response.json()["error"]
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert sorted(body["fields"]) == [
        "rows.1.period_start",
        "rows.2.value",
        "rows.3.Sex",
        "rows.4.period_start",
        "rows.5.indicator",
    ]
    assert not Measurement.objects.exists()


def test_bulk_create_takes_at_most_5000_rows(client, partnership, officer, hectares):
    client.force_login(officer)

    response = client.post(
        api("measurement-bulk", partnership),
        {"rows": [_row(hectares)] * 5001},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "rows" in response.json()["error"]["fields"]
    assert not Measurement.objects.exists()


def test_a_locked_period_refuses_api_writes(client, partnership, officer, hectares):
    from tests.mel.factories import PeriodLockFactory

    client.force_login(officer)
    PeriodLockFactory(partnership=partnership, start=Q1[0], end=Q1[1])

    response = client.post(
        api("measurement-list", partnership), _row(hectares), content_type="application/json"
    )

    assert response.status_code == 400
    assert "locked" in response.json()["error"]["fields"]["period_start"][0]
    assert not Measurement.objects.exists()


def test_the_workflow_through_the_api(client, partnership, officer, editor, hectares):
    client.force_login(editor)
    created = client.post(
        api("measurement-list", partnership), _row(hectares), content_type="application/json"
    )
    uuid = created.json()["uuid"]
    assert created.status_code == 201
    assert client.post(api("measurement-submit", partnership, uuid)).json()["status"] == "submitted"
    assert client.post(api("measurement-approve", partnership, uuid)).status_code == 403

    client.force_login(officer)
    returned = client.post(
        api("measurement-return", partnership, uuid),
        {"comment": "Source?"},
        content_type="application/json",
    )
    assert (returned.json()["status"], returned.json()["review_comment"]) == ("returned", "Source?")
    client.force_login(editor)
    client.post(api("measurement-submit", partnership, uuid))
    client.force_login(officer)
    assert client.post(api("measurement-approve", partnership, uuid)).json()["status"] == "approved"

    refused = client.patch(
        api("measurement-detail", partnership, uuid),
        {"value": "6"},
        content_type="application/json",
    )
    changed = client.patch(
        api("measurement-detail", partnership, uuid),
        {"value": "6", "change_reason": "Recount"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "change_reason" in refused.json()["error"]["fields"]
    assert changed.json()["value"] == "6.0000"


def test_creating_an_indicator_refuses_another_partnerships_result(
    client, partnership, officer, result
):
    client.force_login(officer)
    foreign = ResultFactory(framework=FrameworkFactory())

    response = client.post(
        api("indicator-list", partnership),
        {"code": "X1", "name": "X", "result": str(foreign.uuid)},
        content_type="application/json",
    )
    ok = client.post(
        api("indicator-list", partnership),
        {"code": "X1", "name": "X", "result": str(result.uuid), "unit": "people"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["result"]
    assert ok.status_code == 201
    assert Indicator.objects.get().code == "X1"


def test_frameworks_and_results_through_the_api(client, partnership, officer):
    client.force_login(officer)
    framework = client.post(
        api("framework-list", partnership),
        {"name": "RF", "level_names": ["Goal", "Output"]},
        content_type="application/json",
    ).json()
    goal = client.post(
        api("result-list", partnership),
        {"framework": framework["uuid"], "title": "Goal"},
        content_type="application/json",
    ).json()
    output = client.post(
        api("result-list", partnership),
        {"framework": framework["uuid"], "parent": goal["uuid"], "title": "Output"},
        content_type="application/json",
    ).json()
    too_deep = client.post(
        api("result-list", partnership),
        {"framework": framework["uuid"], "parent": output["uuid"], "title": "No"},
        content_type="application/json",
    )

    assert (goal["level_name"], output["level_name"], output["depth"]) == ("Goal", "Output", 1)
    assert too_deep.status_code == 400
    assert Result.objects.count() == 2


def test_library_is_global_and_adoption_keeps_the_link(client, partnership, officer, result):
    client.force_login(officer)
    item = LibraryIndicatorFactory(name="Hectares under restoration")
    LibraryIndicatorFactory(is_published=False)

    listing = client.get(reverse("api-v1:mel-library-list")).json()
    adopted = client.post(
        api("adopt", partnership),
        {"library_indicator": str(item.uuid), "result": str(result.uuid)},
        content_type="application/json",
    )

    assert [row["name"] for row in listing["results"]] == ["Hectares under restoration"]
    assert adopted.status_code == 201
    assert adopted.json()["library_indicator"] == str(item.uuid)


def test_progress_aggregates_each_indicator_by_its_rule(client, partnership, officer, result):
    client.force_login(officer)
    total = IndicatorFactory(result=result, code="A", aggregation="sum", end_target=Decimal(100))
    peak = IndicatorFactory(result=result, code="B", aggregation="maximum", end_target=Decimal(50))
    average = IndicatorFactory(result=result, code="C", aggregation="average")
    for month, value in ((1, 10), (4, 30), (7, 20)):
        for indicator in (total, peak, average):
            start, end = period_containing("quarterly", datetime.date(2025, month, 1))
            MeasurementFactory(
                indicator=indicator,
                period_start=start,
                period_end=end,
                value=Decimal(value),
                status="approved",
            )
    MeasurementFactory(
        indicator=total,
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2025, 12, 31),
        value=Decimal(1000),
        status="draft",
    )

    rows = {row["code"]: row for row in client.get(api("progress", partnership)).json()}

    assert (rows["A"]["actual"], rows["A"]["percent_achieved"]) == ("60.0000", "60.0")
    assert (rows["B"]["actual"], rows["B"]["percent_achieved"]) == ("30.0000", "60.0")
    assert rows["C"]["actual"] == "20.0000"
    assert rows["A"]["approved_periods"] == 3


def test_measurement_list_runs_the_same_queries_for_n_and_2n(client, partnership, officer, result):
    client.force_login(officer)

    def grow():
        for _ in range(3):
            MeasurementFactory(indicator=IndicatorFactory(result=result), entered_by=officer)

    grow()
    assert_constant_queries(lambda: client.get(api("measurement-list", partnership)), grow)
    assert_constant_queries(lambda: client.get(api("indicator-list", partnership)), grow)
    assert_constant_queries(lambda: client.get(api("progress", partnership)), grow)


def test_the_schema_describes_the_mel_endpoints(client, officer):
    client.force_login(officer)

    schema = client.get(reverse("api-v1:schema"), HTTP_ACCEPT="application/json").json()

    bulk = schema["paths"]["/api/v1/partnerships/{partnership_slug}/mel/measurements/bulk/"]["post"]
    assert set(bulk["responses"]) >= {"201", "400", "401", "403", "404"}
    assert "/api/v1/mel/library/" in schema["paths"]
