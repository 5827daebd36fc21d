import datetime
from decimal import Decimal

import pytest

from mel.periods import period_containing, period_error, period_label, periods_between
from mel.values import ValueError_, check_breakdown, parse_value

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        ("monthly", D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 29))),
        ("quarterly", D(2025, 5, 5), (D(2025, 4, 1), D(2025, 6, 30))),
        ("semester", D(2025, 8, 1), (D(2025, 7, 1), D(2025, 12, 31))),
        ("annual", D(2025, 8, 1), (D(2025, 1, 1), D(2025, 12, 31))),
    ],
)
def test_the_calendar_period_containing_a_day(frequency, day, expected):
    assert period_containing(frequency, day) == expected


def test_a_quarterly_indicator_refuses_a_period_that_is_not_a_calendar_quarter():
    message = period_error("quarterly", D(2025, 2, 1), D(2025, 4, 30))

    assert message is not None
    assert "2025-01-01 – 2025-03-31" in message
    assert period_error("quarterly", D(2025, 1, 1), D(2025, 3, 31)) is None


def test_custom_periods_accept_only_the_indicators_own_periods():
    custom = [(D(2025, 1, 15), D(2025, 6, 14))]

    assert period_error("custom", D(2025, 1, 15), D(2025, 6, 14), custom) is None
    assert period_error("custom", D(2025, 1, 1), D(2025, 6, 30), custom) is not None


def test_periods_between_and_labels():
    quarters = periods_between("quarterly", D(2024, 11, 1), D(2025, 4, 2))

    assert [period_label("quarterly", s, e) for s, e in quarters] == [
        "2024 Q4",
        "2025 Q1",
        "2025 Q2",
    ]


@pytest.mark.parametrize(
    ("unit", "raw", "expected"),
    [
        ("number", "1,250.5", Decimal("1250.5")),
        ("people", 12, Decimal(12)),
        ("percentage", "55", Decimal(55)),
        ("currency", "1000.25", Decimal("1000.25")),
        ("yes_no", "Yes", Decimal(1)),
        ("yes_no", "no", Decimal(0)),
        ("hectares", 12.5, Decimal("12.5")),
    ],
)
def test_values_are_parsed_by_unit(unit, raw, expected):
    assert parse_value(unit, raw) == expected


@pytest.mark.parametrize(
    ("unit", "raw"),
    [
        ("number", "lots"),
        ("people", "12.5"),
        ("people", "-1"),
        ("percentage", "120"),
        ("currency", "10.005"),
        ("yes_no", "maybe"),
        ("hectares", "-3"),
        ("number", "1.00001"),
    ],
)
def test_values_of_the_wrong_type_for_the_unit_are_refused(unit, raw):
    with pytest.raises(ValueError_):
        parse_value(unit, raw)


def test_disaggregated_values_must_add_up_when_the_indicator_says_so():
    categories = {"Sex": ["Female", "Male"]}

    clean, errors = check_breakdown(
        unit="people",
        total=Decimal(10),
        categories=categories,
        must_sum=True,
        breakdown={"sex": {"female": 4, "male": 5}},
    )

    assert errors == [("Sex", "The values of Sex add up to 9, not to the total 10.")]
    clean, errors = check_breakdown(
        unit="people",
        total=Decimal(10),
        categories=categories,
        must_sum=True,
        breakdown={"Sex": {"Female": 4, "Male": 6}},
    )
    assert errors == []
    assert clean == {"Sex": {"Female": "4", "Male": "6"}}


def test_unknown_disaggregation_values_are_refused():
    _clean, errors = check_breakdown(
        unit="people",
        total=Decimal(10),
        categories={"Sex": ["Female", "Male"]},
        must_sum=False,
        breakdown={"Sex": {"Other": 10}, "Age": {"Young": 1}},
    )

    assert [column for column, _message in errors] == ["Sex=Other", "Age"]
