import datetime
from decimal import Decimal

import pytest

from hub.models import Notification
from hub.services import ApplicationError
from mel.models import Indicator, Measurement, MeasurementRevision, Result, Target
from mel.services import framework as framework_services
from mel.services import indicators as indicator_services
from mel.services import measurements as services
from mel.services.measurements import RowsRefused
from mel.services.rows import InputRow
from partnerships.roles import Role
from tests.hub.factories import UserFactory
from tests.landscapes.factories import LandscapeFactory, LandscapeGoalFactory
from tests.mel.conftest import Q1, Q2
from tests.mel.factories import (
    FrameworkFactory,
    IndicatorFactory,
    LibraryIndicatorFactory,
    MeasurementFactory,
    PeriodLockFactory,
    ResultFactory,
)
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


# --- framework ---------------------------------------------------------------------------


def test_results_go_at_most_as_deep_as_the_framework_has_levels(partnership):
    framework = framework_services.framework_create(
        partnership=partnership, name="RF", level_names=["Goal", "Outcome"]
    )
    goal = framework_services.result_create(framework=framework, title="Goal")
    outcome = framework_services.result_create(framework=framework, parent=goal, title="Outcome")

    with pytest.raises(ApplicationError) as refused:
        framework_services.result_create(framework=framework, parent=outcome, title="Too deep")

    assert refused.value.field == "parent"
    assert (goal.depth, outcome.depth) == (0, 1)
    assert Result.objects.filter(framework=framework).count() == 2


def test_a_framework_names_one_to_six_levels(partnership):
    with pytest.raises(ApplicationError):
        framework_services.framework_create(
            partnership=partnership, name="RF", level_names=[str(i) for i in range(7)]
        )

    assert not partnership.__class__.objects.get(pk=partnership.pk).jobs.exists()


def test_moving_a_result_moves_its_subtree_and_keeps_depths(framework):
    a = framework_services.result_create(framework=framework, title="A")
    b = framework_services.result_create(framework=framework, title="B")
    child = framework_services.result_create(framework=framework, parent=a, title="A.1")

    framework_services.result_move(result=a, parent=b)

    a.refresh_from_db()
    child.refresh_from_db()
    assert (a.parent_id, a.depth, child.depth) == (b.pk, 1, 2)
    with pytest.raises(ApplicationError):
        framework_services.result_move(result=b, parent=child)


def test_a_result_links_only_landscapes_and_goals_of_its_partnership(framework, partnership):
    other_landscape = LandscapeFactory(partnership=PartnershipFactory())
    landscape = LandscapeFactory(partnership=partnership)
    foreign_goal = LandscapeGoalFactory(
        landscape=other_landscape, partnership=other_landscape.partnership
    )

    with pytest.raises(ApplicationError) as refused:
        framework_services.result_create(framework=framework, title="R", landscape=other_landscape)
    assert refused.value.field == "landscape"
    with pytest.raises(ApplicationError):
        framework_services.result_create(
            framework=framework, title="R", landscape=landscape, landscape_goals=[foreign_goal]
        )
    assert not Result.objects.filter(framework=framework).exists()

    goal = LandscapeGoalFactory(landscape=landscape, partnership=partnership)
    result = framework_services.result_create(
        framework=framework, title="R", landscape=landscape, landscape_goals=[goal]
    )
    assert list(result.landscape_goals.all()) == [goal]


def test_a_result_with_indicators_cannot_be_deleted(hectares):
    with pytest.raises(ApplicationError):
        framework_services.result_delete(result=hectares.result)

    assert Result.objects.filter(pk=hectares.result_id).exists()


# --- indicators ---------------------------------------------------------------------------


def test_indicator_codes_are_unique_per_partnership(result, hectares):
    with pytest.raises(ApplicationError) as refused:
        indicator_services.indicator_create(partnership=result.partnership, result=result,
                                            code="ha", name="Again")  # fmt: skip

    assert refused.value.field == "code"
    other = ResultFactory()
    indicator_services.indicator_create(
        partnership=other.partnership, result=other, code="HA", name="Fine"
    )
    assert Indicator.objects.filter(code__iexact="ha").count() == 2


def test_the_responsible_person_must_be_a_member(result):
    with pytest.raises(ApplicationError) as refused:
        indicator_services.indicator_create(
            partnership=result.partnership,
            result=result,
            code="X",
            name="X",
            responsible=UserFactory(),
        )
    assert refused.value.field == "responsible"
    assert not Indicator.objects.exists()


def test_currency_indicators_need_an_iso_code(result):
    with pytest.raises(ApplicationError) as refused:
        indicator_services.indicator_create(
            partnership=result.partnership,
            result=result,
            code="F",
            name="Finance",
            unit="currency",
            currency="dollars",
        )
    assert refused.value.field == "currency"


def test_adopting_a_library_indicator_keeps_the_link_and_its_disaggregations(result):
    item = LibraryIndicatorFactory(
        unit="people",
        aggregation="maximum",
        sdg_targets=["1.4"],
        disaggregations=[{"name": "Sex", "values": ["Female", "Male"]}],
    )

    indicator = indicator_services.library_adopt(
        partnership=result.partnership, library_indicator=item, result=result
    )

    assert indicator.library_indicator == item
    assert (indicator.code, indicator.unit, indicator.aggregation) == (
        item.code,
        "people",
        "maximum",
    )
    assert [(d.name, d.values) for d in indicator.disaggregations.all()] == [
        ("Sex", ["Female", "Male"])
    ]
    with pytest.raises(ApplicationError):
        indicator_services.library_adopt(
            partnership=result.partnership, library_indicator=item, result=result
        )


def test_an_unpublished_library_indicator_cannot_be_adopted(result):
    with pytest.raises(ApplicationError):
        indicator_services.library_adopt(
            partnership=result.partnership,
            library_indicator=LibraryIndicatorFactory(is_published=False),
            result=result,
        )
    assert not Indicator.objects.exists()


# --- measurements and the workflow --------------------------------------------------------


def test_a_value_moves_draft_submitted_approved(people, editor, officer):
    measurement = services.measurement_create(
        indicator=people,
        period_start=Q1[0],
        period_end=Q1[1],
        value="30",
        breakdown={"Sex": {"Female": "16", "Male": "14"}},
        actor=editor,
    )
    assert measurement.status == "draft"
    assert measurement.breakdown == {"Sex": {"Female": "16", "Male": "14"}}

    services.measurement_submit(measurement=measurement, actor=editor)
    assert Notification.objects.filter(recipient=officer, kind="mel").count() == 1
    approved = services.measurement_approve(measurement=measurement, actor=officer)

    assert (approved.status, approved.reviewed_by) == ("approved", officer)


def test_a_returned_value_carries_the_comment_and_can_be_changed_again(hectares, editor, officer):
    measurement = services.measurement_create(
        indicator=hectares, period_start=Q1[0], value="5", actor=editor, submit=True
    )

    with pytest.raises(ApplicationError):
        services.measurement_return(measurement=measurement, actor=officer, comment=" ")
    returned = services.measurement_return(
        measurement=measurement, actor=officer, comment="Check the map"
    )
    updated = services.measurement_update(measurement=returned, value="6", actor=editor)

    assert (returned.status, returned.review_comment) == ("returned", "Check the map")
    assert updated.value == Decimal(6)
    assert Notification.objects.filter(recipient=editor, kind="mel").count() == 1


def test_a_submitted_value_cannot_change_until_reviewed(hectares, editor):
    measurement = MeasurementFactory(indicator=hectares, status="submitted", value=Decimal(5))

    with pytest.raises(ApplicationError):
        services.measurement_update(measurement=measurement, value="9", actor=editor)

    measurement.refresh_from_db()
    assert measurement.value == Decimal(5)


def test_changing_an_approved_value_needs_a_reason_kept_in_a_revision(hectares, officer, editor):
    measurement = MeasurementFactory(indicator=hectares, status="approved", value=Decimal(5))

    with pytest.raises(ApplicationError) as refused:
        services.measurement_update(measurement=measurement, value="7", actor=officer)
    assert refused.value.field == "change_reason"
    with pytest.raises(ApplicationError):
        services.measurement_update(
            measurement=measurement, value="7", actor=editor, change_reason="typo"
        )
    measurement.refresh_from_db()
    assert measurement.value == Decimal(5)
    assert not MeasurementRevision.objects.exists()

    services.measurement_update(
        measurement=measurement, value="7", actor=officer, change_reason="Typo in report"
    )

    measurement.refresh_from_db()
    revision = MeasurementRevision.objects.get()
    assert (measurement.value, measurement.status) == (Decimal(7), "approved")
    assert (
        revision.old_value,
        revision.new_value,
        revision.change_reason,
        revision.changed_by,
    ) == (Decimal(5), Decimal(7), "Typo in report", officer)
    assert measurement.pgh_event_model.objects.filter(
        pgh_obj_id=measurement.pk, value=Decimal(7)
    ).exists()


def test_locked_periods_refuse_every_write(hectares, editor, officer):
    draft = MeasurementFactory(
        indicator=hectares, period_start=Q2[0], period_end=Q2[1], status="submitted"
    )
    PeriodLockFactory(
        partnership=hectares.partnership,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
    )

    with pytest.raises(ApplicationError):
        services.measurement_create(indicator=hectares, period_start=Q1[0], value="3", actor=editor)
    with pytest.raises(ApplicationError):
        services.target_set(indicator=hectares, period_start=Q1[0], value="3")
    with pytest.raises(ApplicationError):
        services.measurement_approve(measurement=draft, actor=officer)

    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert Measurement.objects.count() == 1
    assert not Target.objects.exists()


def test_targets_are_set_and_replaced_per_period(hectares):
    services.target_set(indicator=hectares, period_start=Q1[0], value="10")
    target = services.target_set(
        indicator=hectares, period_start=Q1[0], period_end=Q1[1], value="12.5"
    )

    assert Target.objects.get() == target
    assert (target.value, target.period_end) == (Decimal("12.5"), Q1[1])


# --- bad input, all or nothing ------------------------------------------------------------


def _rows(*rows):
    return [InputRow(row=i, **row) for i, row in enumerate(rows, start=2)]


def _refused(partnership, rows):
    with pytest.raises(RowsRefused) as refused:
        services.rows_create(partnership=partnership, rows=rows, actor=None)
    return [(e.row, e.column) for e in refused.value.errors]


GOOD = {"indicator": "HA", "period_start": "2025-01-01", "period_end": "2025-03-31", "value": "4"}


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"period_start": "2025-02-01", "period_end": "2025-04-30"}, (3, "period_start")),
        ({"value": "four"}, (3, "value")),
        (
            {"indicator": "PPL", "value": "10", "breakdown": {"Sex": {"Female": "3", "Male": "3"}}},
            (3, "Sex"),
        ),
        ({"period_start": "2025-01-01", "period_end": "2025-03-31"}, (3, "period_start")),
        ({"indicator": "NOPE"}, (3, "indicator")),
    ],
    ids=[
        "period outside frequency",
        "wrong type",
        "does not add up",
        "duplicate",
        "unknown indicator",
    ],
)
def test_each_bad_row_gets_an_error_and_nothing_is_written(
    partnership, hectares, people, bad, expected
):
    second = {**GOOD, "period_start": "2025-04-01", "period_end": "2025-06-30"}
    errors = _refused(partnership, _rows(GOOD, {**second, **bad}))

    assert errors == [expected]
    assert not Measurement.objects.exists()


def test_a_locked_period_refuses_the_whole_file(partnership, hectares):
    PeriodLockFactory(partnership=partnership, start=Q1[0], end=Q1[1])

    errors = _refused(
        partnership, _rows({**GOOD, "period_start": "2025-04-01", "period_end": "2025-06-30"}, GOOD)
    )

    assert errors == [(3, "period_start")]
    assert not Measurement.objects.exists()


def test_indicator_ids_of_another_partnership_are_refused(partnership, hectares):
    foreign = IndicatorFactory(result=ResultFactory(framework=FrameworkFactory()))

    errors = _refused(partnership, _rows(GOOD, {**GOOD, "indicator": str(foreign.uuid)}))

    assert errors == [(3, "indicator")]
    assert not Measurement.objects.exists()


def test_valid_rows_are_written_in_one_go_replacing_drafts(partnership, hectares, people):
    old = MeasurementFactory(indicator=hectares, value=Decimal(1), status="returned")

    written, targets = services.rows_create(
        partnership=partnership,
        rows=_rows(
            GOOD,
            {
                "indicator": "PPL",
                "period_start": "2025-01-01",
                "value": "10",
                "target": "12",
                "breakdown": {"Sex": {"Female": "6", "Male": "4"}},
            },
        ),
        actor=None,
        submit=True,
    )

    assert (written, targets) == (2, 1)
    old.refresh_from_db()
    assert (old.value, old.status) == (Decimal(4), "submitted")
    ppl = Measurement.objects.get(indicator=people)
    assert (ppl.period_end, ppl.breakdown) == (Q1[1], {"Sex": {"Female": "6", "Male": "4"}})
    assert Target.objects.get().value == Decimal(12)


def test_approved_values_are_not_overwritten_by_rows(partnership, hectares):
    MeasurementFactory(indicator=hectares, value=Decimal(1), status="approved")

    errors = _refused(partnership, _rows(GOOD))

    assert errors == [(2, "value")]
    assert Measurement.objects.get().value == Decimal(1)


def test_measurements_copy_in_writes_history_rows_for_bulk_inserts(partnership, hectares):
    services.measurements_copy_in(
        partnership_id=partnership.pk,
        rows=[
            (
                hectares.pk,
                datetime.date(2025, m, 1),
                datetime.date(2025, m + 2, 28),
                Decimal(m),
                "{}",
                "",
            )
            for m in (1, 4, 7, 10)
        ],
    )

    assert Measurement.objects.filter(partnership=partnership).count() == 4
    assert Measurement.pgh_event_model.objects.filter(pgh_label="insert").count() == 4


def test_an_approvers_list_is_leaders_and_mel_officers(partnership, officer, editor):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user

    assert set(services.approvers(partnership)) == {officer, leader}
