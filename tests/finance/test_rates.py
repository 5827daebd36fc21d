"""Exchange rates: the staff page, the CSV import, the admin and the conversion rules."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.conversion import MissingRate, RateTable, convert
from finance.models import ExchangeRate
from finance.selectors.exports import DatedRates
from finance.services.rates import (
    MAX_IMPORT_BYTES,
    RateImportRefused,
    rate_set,
    rates_import,
)
from hub.services import ApplicationError
from tests.finance.factories import ExchangeRateFactory
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.hub.mfa import sign_in_with_second_factor

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def _csv(text: str, name: str = "rates.csv", content_type: str = "text/csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type=content_type)


def _rates() -> list[tuple]:
    return list(
        ExchangeRate.objects.order_by("currency", "date").values_list("currency", "date", "rate")
    )


# --- the service ----------------------------------------------------------------------


def test_rate_set_adds_then_replaces_the_rate_of_the_day(staff_user):
    rate_set(actor=staff_user, currency="kes", date=TODAY, rate="129.5", source="CBK")
    rate_set(actor=staff_user, currency="KES", date=TODAY, rate=Decimal("130.25"))

    assert _rates() == [("KES", TODAY, Decimal("130.25000000"))]


@pytest.mark.parametrize(
    ("currency", "rate", "date", "field"),
    [
        ("KEZ", "129", TODAY, "currency"),
        ("USD", "1", TODAY, "currency"),
        ("KES", "0", TODAY, "rate"),
        ("KES", "-3", TODAY, "rate"),
        ("KES", "99999999999", TODAY, "rate"),
        ("KES", "abc", TODAY, "rate"),
        ("KES", "129", TODAY + datetime.timedelta(days=1), "date"),
    ],
)
def test_rate_set_refuses_bad_input_and_writes_nothing(staff_user, currency, rate, date, field):
    with pytest.raises(ApplicationError) as refused:
        rate_set(actor=staff_user, currency=currency, date=date, rate=rate)

    assert refused.value.field == field
    assert ExchangeRate.objects.count() == 0


def test_only_hub_staff_set_rates(user):
    with pytest.raises(ApplicationError):
        rate_set(actor=user, currency="KES", date=TODAY, rate="129")
    assert ExchangeRate.objects.count() == 0


@pytest.fixture
def superuser():
    return StaffUserFactory(is_superuser=True)


# --- the CSV import -------------------------------------------------------------------


def test_import_writes_every_row_and_updates_existing_days(staff_user):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("120"))

    result = rates_import(
        actor=staff_user,
        upload=_csv(
            "\ufeffcurrency,date,rate,source\n"
            "KES,2026-01-01,129.5,CBK\n"
            "eur,2026-01-01,0.92,ECB\n"
            "\n"
            "TZS,2026-02-01,2500.123456789,\n"
        ),
    )

    assert (result.created, result.updated) == (2, 1)
    assert _rates() == [
        ("EUR", datetime.date(2026, 1, 1), Decimal("0.92000000")),
        ("KES", datetime.date(2026, 1, 1), Decimal("129.50000000")),
        ("TZS", datetime.date(2026, 2, 1), Decimal("2500.12345679")),
    ]
    assert ExchangeRate.objects.get(currency="KES").source == "CBK"


def test_import_with_bad_rows_writes_nothing_and_reports_each_row(staff_user):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("120"))

    with pytest.raises(RateImportRefused) as refused:
        rates_import(
            actor=staff_user,
            upload=_csv(
                "currency;date;rate\n"
                "KES;2026-01-01;129.5\n"
                "XYZ;2026-01-01;1\n"
                "EUR;01/02/2026;0.9\n"
                "UGX;2026-01-01;-5\n"
                "TZS;2026-01-01;50000000\n"
                "KES;2026-01-01;130\n"
            ),
        )

    errors = [(e.row, e.column) for e in refused.value.errors]
    assert errors == [(3, "currency"), (4, "date"), (5, "rate"), (6, "rate"), (7, "date")]
    assert "XYZ" in refused.value.errors[0].message
    assert "row 2" in refused.value.errors[-1].message
    assert _rates() == [("KES", datetime.date(2026, 1, 1), Decimal("120.00000000"))]


def test_import_names_missing_and_unknown_columns(staff_user):
    with pytest.raises(RateImportRefused) as refused:
        rates_import(actor=staff_user, upload=_csv("currency,day,rate\nKES,2026-01-01,1\n"))

    assert [(e.row, e.column) for e in refused.value.errors] == [(1, "day"), (1, "date")]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("currency,date,rate\n", name="rates.xlsx"), "not accepted"),
        (_csv("currency,date,rate\n", content_type="image/png"), "does not match"),
        (SimpleUploadedFile("r.csv", b"\xff\xfe\x00bad", content_type="text/csv"), "UTF-8"),
        (_csv(""), "empty"),
        (_csv("currency,date,rate\n"), "no rates"),
    ],
)
def test_import_refuses_unreadable_files(staff_user, upload, message):
    with pytest.raises(ApplicationError) as refused:
        rates_import(actor=staff_user, upload=upload)

    assert message in refused.value.message
    assert ExchangeRate.objects.count() == 0


def test_import_checks_the_size_before_reading(staff_user):
    class Unread:
        name, content_type, size = "rates.csv", "text/csv", MAX_IMPORT_BYTES + 1

        def read(self, *args):
            pytest.fail("the file was read")

    upload = Unread()

    with pytest.raises(ApplicationError, match="larger than"):
        rates_import(actor=staff_user, upload=upload)


# --- the staff pages ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rates:list", "rates:import", "rates:template"])
def test_rate_pages_do_not_exist_for_others(client, name):
    assert client.get(reverse(name)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name), {}).status_code == 404


def test_staff_page_lists_the_latest_rate_per_currency(
    client, staff_user, django_assert_num_queries
):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("120"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 6, 1), rate=Decimal("131.5"))
    ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 3, 1), rate=Decimal("0.91"))
    client.force_login(staff_user)

    response = client.get(reverse("rates:list"))

    latest = [(r.currency, r.date) for r in response.context["latest"]]
    assert latest == [("EUR", datetime.date(2026, 3, 1)), ("KES", datetime.date(2026, 6, 1))]
    assert "131.5" in response.content.decode()


def test_staff_add_a_rate_with_the_form(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("rates:list"), {"currency": "KES", "date": "2026-06-01", "rate": "129.5"}
    )
    refused = client.post(
        reverse("rates:list"), {"currency": "KES", "date": "2026-06-02", "rate": "0"}
    )

    assert response.status_code == 302
    assert refused.status_code == 400
    assert "greater than zero" in refused.content.decode()
    assert _rates() == [("KES", datetime.date(2026, 6, 1), Decimal("129.50000000"))]


def test_staff_delete_a_rate(client, staff_user):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1))
    client.force_login(staff_user)

    response = client.post(reverse("rates:delete"), {"currency": "KES", "date": "2026-01-01"})
    missing = client.post(reverse("rates:delete"), {"currency": "KES", "date": "nope"})

    assert response.status_code == 302 and missing.status_code == 404
    assert ExchangeRate.objects.count() == 0


def test_import_page_shows_the_row_errors_and_writes_nothing(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("rates:import"), {"file": _csv("currency,date,rate\nKES,2026-01-01,0\n")}
    )

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [(2, "rate")]
    assert "Nothing was imported" in response.content.decode()
    assert ExchangeRate.objects.count() == 0


def test_import_page_imports_and_says_how_many(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("rates:import"),
        {"file": _csv("currency,date,rate\nKES,2026-01-01,129\nEUR,2026-01-01,0.9\n")},
        follow=True,
    )

    assert "2 rate(s) added and 0 updated." in response.content.decode()
    assert ExchangeRate.objects.count() == 2


def test_template_download(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("rates:template"))

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == "currency,date,rate,source"


def test_admin_lists_rates_with_the_import_link_and_refuses_absurd_rates(client, superuser):
    ExchangeRateFactory(currency="KES")
    sign_in_with_second_factor(client, superuser)

    changelist = client.get(reverse("admin:finance_exchangerate_changelist"))
    refused = client.post(
        reverse("admin:finance_exchangerate_add"),
        {"currency": "EUR", "date": "2026-01-01", "rate": "0", "source": ""},
    )

    assert changelist.status_code == 200
    assert reverse("rates:import") in changelist.content.decode()
    assert refused.status_code == 200 and "greater than zero" in refused.content.decode()
    assert not ExchangeRate.objects.filter(currency="EUR").exists()


@pytest.mark.parametrize(
    "model",
    [
        "portfolio",
        "investment",
        "fundingsource",
        "transaction",
        "budget",
        "exchangerate",
        "portfolioshare",
        "investmentreview",
        "reviewcriterion",
        "reviewmessage",
        "reviewscore",
        "funderstaff",
        "investmentdocument",
    ],
)
def test_every_finance_model_has_an_admin_page(client, superuser, model):
    sign_in_with_second_factor(client, superuser)

    assert client.get(reverse(f"admin:finance_{model}_changelist")).status_code == 200


# --- conversion -------------------------------------------------------------------


def test_conversion_uses_the_latest_rate_on_or_before_the_date_and_says_which():
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("100"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 3, 1), rate=Decimal("200"))
    ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 2, 1), rate=Decimal("0.5"))

    feb = convert(Decimal("1000"), "KES", "USD", on=datetime.date(2026, 2, 28))
    cross = convert(Decimal("1000"), "KES", "EUR", on=datetime.date(2026, 3, 5))

    assert (feb.amount, feb.rate_date) == (Decimal("10.00"), datetime.date(2026, 1, 1))
    # 1000 KES = 5 USD = 2.5 EUR; the older of the two rate dates is stated.
    assert (cross.amount, cross.rate_date) == (Decimal("2.50"), datetime.date(2026, 2, 1))


def test_same_currency_needs_no_rate():
    converted = convert(Decimal("12.345"), "KES", "KES", on=TODAY)

    assert (converted.amount, converted.rate_date) == (Decimal("12.345"), None)


def test_missing_rate_names_the_currency_and_the_date():
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 3, 1), rate=Decimal("100"))

    with pytest.raises(MissingRate) as missing:
        convert(Decimal("1"), "KES", "USD", on=datetime.date(2026, 2, 28))

    assert "KES" in missing.value.message and "2026-02-28" in missing.value.message
    with pytest.raises(MissingRate, match="TZS"):
        RateTable({"TZS"}, on=TODAY).convert(Decimal("1"), "USD", "TZS")


def test_rounding_is_half_to_even_to_cents():
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("1000"))

    down = convert(Decimal("10025"), "KES", "USD", on=TODAY)  # 10.025 -> 10.02
    up = convert(Decimal("10035"), "KES", "USD", on=TODAY)  # 10.035 -> 10.04

    assert (down.amount, up.amount) == (Decimal("10.02"), Decimal("10.04"))


def test_dated_rates_convert_each_figure_at_its_own_date(django_assert_num_queries):
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("100"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 3, 1), rate=Decimal("200"))

    with django_assert_num_queries(1):
        rates = DatedRates({"KES", "USD"}, until=TODAY)
    january = rates.convert(Decimal("1000"), "KES", "USD", on=datetime.date(2026, 1, 15))
    march = rates.convert(Decimal("1000"), "KES", "USD", on=datetime.date(2026, 3, 1))

    assert (january.amount, january.rate_date) == (Decimal("10.00"), datetime.date(2026, 1, 1))
    assert (march.amount, march.rate_date) == (Decimal("5.00"), datetime.date(2026, 3, 1))
    with pytest.raises(MissingRate, match="2025-12-31"):
        rates.convert(Decimal("1"), "KES", "USD", on=datetime.date(2025, 12, 31))
