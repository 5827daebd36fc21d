"""Portfolio exports: XLSX, CSV, the summary PDF job and the IATI 2.03 activity file."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from finance.exports.iati import portfolio_iati
from finance.exports.services import portfolio_pdf_start
from finance.models import FundingStatus, Stage, TransactionType
from finance.selectors.exports import portfolio_export
from finance.tasks import portfolio_pdf_task
from hub.models import Job
from hub.services import ApplicationError
from partnerships.roles import Role
from tests.finance.factories import (
    BudgetFactory,
    ExchangeRateFactory,
    FundingSourceFactory,
    InvestmentFactory,
    PortfolioFactory,
    TransactionFactory,
)
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

IATI_SCHEMA = Path(__file__).parent / "iati" / "iati-activities-schema.xsd"
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(scope="module")
def iati_schema():
    return etree.XMLSchema(etree.parse(str(IATI_SCHEMA)))


@pytest.fixture
def portfolio(partnership):
    return PortfolioFactory(
        partnership=partnership, title="Mau portfolio", reporting_currency="EUR"
    )


@pytest.fixture
def filled(portfolio):
    """Two investments, one in KES with funding, transactions and budgets."""
    ExchangeRateFactory(currency="EUR", date=datetime.date(2026, 1, 1), rate=Decimal("0.5"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("100"))
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 4, 1), rate=Decimal("200"))
    lead = OrganizationFactory(name="Mau Forest Trust", type="ngo")
    partner = OrganizationFactory(name="Green Belt Co-op", type="community")
    funder = OrganizationFactory(name="Rainforest Fund", type="donor")
    agro = InvestmentFactory(
        portfolio=portfolio,
        name="=Agroforestry",
        sector="agroforestry",
        stage=Stage.IMPLEMENTING,
        total_cost=Decimal("1000000.00"),
        currency="KES",
        lead_organization=lead,
        location={"type": "Point", "coordinates": [35.5, -0.5]},
        centroid_lon=35.5,
        centroid_lat=-0.5,
    )
    agro.implementing_partners.add(partner)
    source = FundingSourceFactory(
        investment=agro, funder=funder, amount=Decimal("400000"), currency="KES",
        status=FundingStatus.COMMITTED, source_type="philanthropic",
    )  # fmt: skip
    FundingSourceFactory(
        investment=agro, amount=Decimal("1000"), currency="USD", status=FundingStatus.PLEDGED
    )
    TransactionFactory(
        investment=agro, type=TransactionType.INCOMING_COMMITMENT, date=datetime.date(2026, 2, 1),
        amount=Decimal("400000"), currency="KES", provider=funder, description="Grant agreement",
    )  # fmt: skip
    TransactionFactory(
        investment=agro, type=TransactionType.DISBURSEMENT, date=datetime.date(2026, 5, 1),
        amount=Decimal("100000"), currency="KES", funding_source=source, receiver=partner,
    )  # fmt: skip
    BudgetFactory(
        investment=agro, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), amount=Decimal("300000"), currency="KES",
    )  # fmt: skip
    water = InvestmentFactory(
        portfolio=portfolio,
        name="Water pans",
        sector="water",
        stage=Stage.READY,
        total_cost=Decimal("20000.00"),
        currency="USD",
    )
    return agro, water


def _member(partnership, role="viewer"):
    return MembershipFactory(partnership=partnership, role=role).user


# --- figures -----------------------------------------------------------------------


def test_export_figures_are_converted_with_the_rate_date(filled, portfolio):
    data = portfolio_export(portfolio=portfolio)

    agro, water = data.investments
    # 1,000,000 KES at 200/USD = 5,000 USD = 2,500 EUR; the KES rate of 2026-04-01 is the
    # latest on or before the export date (the EUR one is older and is the one stated).
    assert (agro.cost.amount, agro.cost.rate_date) == (
        Decimal("2500.00"),
        datetime.date(2026, 1, 1),
    )
    assert agro.committed.amount == Decimal("1000.00")  # pledged funding does not count
    assert agro.gap.amount == Decimal("1500.00")
    assert (water.cost.amount, water.gap.amount) == (Decimal("10000.00"), Decimal("10000.00"))
    assert (data.cost.amount, data.committed.amount, data.gap.amount) == (
        Decimal("12500.00"),
        Decimal("1000.00"),
        Decimal("11500.00"),
    )


def test_a_missing_rate_is_named_instead_of_failing(portfolio):
    InvestmentFactory(portfolio=portfolio, total_cost=Decimal("5"), currency="TZS")

    data = portfolio_export(portfolio=portfolio)

    assert data.investments[0].cost.amount is None
    assert data.cost.amount is None
    assert "TZS" in data.problems[0] and "2026-06-15" in data.problems[0]


# --- XLSX and CSV ---------------------------------------------------------------------


def test_xlsx_has_the_four_sheets_with_converted_figures(client, partnership, filled):
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-xlsx", args=[partnership.slug]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Portfolio",
        "Investments",
        "Funding sources",
        "Transactions",
        "Budgets",
    ]
    investments = list(book["Investments"].iter_rows(values_only=True))
    assert investments[0][11:14] == ("Total cost (EUR)", "Rate date", "Committed (EUR)")
    agro = investments[1]
    assert agro[0] == "'=Agroforestry"  # never a formula
    assert (agro[9], agro[10], agro[11]) == (1000000, "KES", 2500)
    assert agro[12].date() == datetime.date(2026, 1, 1)
    transactions = list(book["Transactions"].iter_rows(values_only=True))[1:]
    # each transaction uses the rate of its own date: 400,000 KES at 100 = 2,000 EUR
    assert [(row[2], row[4], row[6]) for row in transactions] == [
        (11, 400000, 2000),
        (3, 100000, 250),
    ]
    budgets = list(book["Budgets"].iter_rows(values_only=True))[1:]
    assert [(row[5], row[7]) for row in budgets] == [(300000, 1500)]
    sources = list(book["Funding sources"].iter_rows(values_only=True))[1:]
    assert [(row[1], row[4], row[7]) for row in sources] == [
        ("Rainforest Fund", "Committed", 1000),
        (sources[1][1], "Pledged", 500),
    ]
    about = {row[0]: row[1] for row in book["Portfolio"].iter_rows(values_only=True) if row}
    assert about["Reporting currency"] == "EUR"
    assert about["Funding gap (EUR)"] == 11500


def test_xlsx_drops_characters_a_spreadsheet_cannot_hold(client, partnership, portfolio):
    InvestmentFactory(portfolio=portfolio, name="Nursery\x0b one")
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-xlsx", args=[partnership.slug]))

    book = load_workbook(io.BytesIO(response.content))
    assert book["Investments"]["A2"].value == "Nursery one"


def test_csv_lists_the_investments(client, partnership, filled):
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-csv", args=[partnership.slug]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Investment", "Type", "Sector", "Stage"]
    assert [(r[0], r[10], r[11], r[12], r[14], r[15]) for r in rows[1:]] == [
        ("'=Agroforestry", "KES", "2500.00", "1000.00", "1500.00", "2026-01-01"),
        ("Water pans", "USD", "10000.00", "0.00", "10000.00", "2026-01-01"),
    ]


def test_downloads_without_a_portfolio_go_back_to_the_exports_page(client, partnership):
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-xlsx", args=[partnership.slug]))

    assert response.status_code == 302
    assert response["Location"] == reverse("finance:exports", args=[partnership.slug])


# --- permissions ----------------------------------------------------------------------

DOWNLOADS = ["finance:exports", "finance:export-xlsx", "finance:export-csv", "finance:export-iati"]


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        (Role.VIEWER, 200),
        (Role.EDITOR, 200),
        (Role.MEL_OFFICER, 200),
        (Role.FINANCE_OFFICER, 200),
        (Role.LEADER, 200),
    ],
)
def test_export_permission_matrix(client, partnership, portfolio, name, role, status):
    partnership.visibility = "private"
    partnership.save(update_fields=["visibility"])
    user = _member(partnership, role) if role else UserFactory()
    client.force_login(user)

    assert client.get(reverse(name, args=[partnership.slug])).status_code == status


def test_outsiders_of_a_public_partnership_are_refused(client, partnership, portfolio):
    client.force_login(UserFactory())

    assert client.get(reverse("finance:export-xlsx", args=[partnership.slug])).status_code == 403
    assert client.post(reverse("finance:export-pdf", args=[partnership.slug])).status_code == 403
    assert Job.objects.count() == 0


def test_another_partnerships_member_gets_404_for_a_private_portfolio(
    client, partnership, other_partnership, portfolio
):
    partnership.visibility = "private"
    partnership.save(update_fields=["visibility"])
    client.force_login(_member(other_partnership, Role.LEADER))

    assert client.get(reverse("finance:export-csv", args=[partnership.slug])).status_code == 404


def test_exports_contain_only_the_partnerships_own_investments(client, partnership, filled):
    InvestmentFactory(name="Someone else's")
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-csv", args=[partnership.slug]))

    assert "Someone else" not in response.content.decode()


def test_export_queries_are_constant(client, partnership, portfolio):
    client.force_login(_member(partnership))
    InvestmentFactory(portfolio=portfolio)

    def grow():
        for _ in range(3):
            investment = InvestmentFactory(portfolio=portfolio, currency="KES")
            FundingSourceFactory(investment=investment)
            TransactionFactory(investment=investment)
            BudgetFactory(investment=investment)
            investment.implementing_partners.add(OrganizationFactory())

    ExchangeRateFactory(currency="KES")
    for name in ("finance:export-xlsx", "finance:export-iati"):
        url = reverse(name, args=[partnership.slug])
        assert_constant_queries(lambda url=url: client.get(url), grow, max_queries=16)


# --- the PDF job ---------------------------------------------------------------------


def test_pdf_start_queues_a_job_and_opens_it(
    client, partnership, filled, django_capture_on_commit_callbacks, celery_eager
):
    viewer = _member(partnership)
    client.force_login(viewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:export-pdf", args=[partnership.slug]))

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.uuid])
    assert (job.owner, job.partnership, job.status) == (viewer, partnership, Job.Status.SUCCEEDED)
    assert job.result_file.name.endswith(".pdf")
    with job.result_file.open("rb") as handle:
        text = _pdf_text(handle.read())
    assert "Mau portfolio" in text and "=Agroforestry" in text
    assert "2,500.00" in text  # the converted cost
    page = client.get(reverse("finance:exports", args=[partnership.slug]))
    assert reverse("jobs:download", args=[job.uuid]) in page.content.decode()


def test_pdf_task_runs_once(partnership, portfolio, django_capture_on_commit_callbacks):
    job = portfolio_pdf_start(portfolio=portfolio, actor=_member(partnership))

    portfolio_pdf_task(job.pk)
    first = Job.objects.get(pk=job.pk).result_file.name
    portfolio_pdf_task(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result_file.name == first


def test_only_members_who_see_the_portfolio_start_the_pdf(portfolio):
    with pytest.raises(ApplicationError):
        portfolio_pdf_start(portfolio=portfolio, actor=UserFactory())
    assert Job.objects.count() == 0


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# --- IATI -------------------------------------------------------------------------------


def test_iati_file_validates_against_the_official_2_03_schema(
    client, partnership, filled, iati_schema
):
    client.force_login(_member(partnership))

    response = client.get(reverse("finance:export-iati", args=[partnership.slug]))

    document = etree.fromstring(response.content)
    assert iati_schema.validate(document), iati_schema.error_log
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == 2


def test_iati_activity_carries_the_investment(filled, portfolio, iati_schema, settings):
    agro, _water = filled
    document = etree.fromstring(portfolio_iati(portfolio_export(portfolio=portfolio)))
    activity = document.find("iati-activity")

    assert activity.findtext("iati-identifier") == f"{settings.IATI_REPORTING_ORG_REF}-{agro.uuid}"
    assert activity.find("reporting-org").get("ref") == settings.IATI_REPORTING_ORG_REF
    assert activity.findtext("title/narrative") == "=Agroforestry"
    assert activity.get("default-currency") == "KES"
    roles = [
        (o.get("role"), o.findtext("narrative")) for o in activity.findall("participating-org")
    ]
    assert ("1", "Rainforest Fund") in roles
    assert ("2", "Mau Forest Trust") in roles
    assert ("4", "Green Belt Co-op") in roles
    assert activity.find("activity-status").get("code") == "2"
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [("2", "2026-01-01"), ("3", "2029-12-31")]
    assert activity.find("recipient-country").get("code") == "KE"
    assert activity.findtext("location/point/pos") == "-0.500000 35.500000"
    sectors = [(s.get("vocabulary"), s.get("code")) for s in activity.findall("sector")]
    assert sectors == [("1", "31220"), ("99", "agroforestry")]
    budget = activity.find("budget")
    assert budget.find("period-start").get("iso-date") == "2026-01-01"
    assert (budget.findtext("value"), budget.find("value").get("currency")) == ("300000.00", "KES")
    transactions = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.findtext("value"),
            t.find("value").get("value-date"),
        )
        for t in activity.findall("transaction")
    ]
    assert transactions == [
        ("11", "2026-02-01", "400000.00", "2026-02-01"),
        ("3", "2026-05-01", "100000.00", "2026-05-01"),
    ]
    assert activity.find("transaction/provider-org/narrative").text == "Rainforest Fund"


def test_iati_of_a_minimal_investment_still_validates(portfolio, iati_schema):
    InvestmentFactory(
        portfolio=portfolio, name="Nursery\x0b one", summary="", start_date=None, end_date=None,
        stage=Stage.IDEA, landscape__countries=[],
    )  # fmt: skip

    document = etree.fromstring(portfolio_iati(portfolio_export(portfolio=portfolio)))

    assert iati_schema.validate(document), iati_schema.error_log
    activity = document.find("iati-activity")
    assert activity.find("activity-status").get("code") == "1"
    assert activity.find("activity-date").get("type") == "1"
    assert activity.findtext("title/narrative") == "Nursery one"


def test_the_schema_rejects_a_broken_activity(filled, portfolio, iati_schema):
    document = etree.fromstring(portfolio_iati(portfolio_export(portfolio=portfolio)))
    activity = document.find("iati-activity")
    activity.remove(activity.find("title"))

    assert not iati_schema.validate(document)
