"""A portfolio as an IATI activity file (IATI Standard version 2.03): one
``iati-activities`` document, each investment an ``iati-activity`` with its
participating organisations, status, dates, countries, location, sectors, budgets and
transactions. The tests validate the output against the official 2.03 schema.

Codelists used: ActivityStatus, ActivityDateType, OrganisationRole, OrganisationType,
SectorVocabulary (1 = OECD DAC 5-digit, 99 = reporting organisation), TransactionType,
BudgetType, BudgetStatus, GeographicExactness, GeographicLocationReach.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from finance.models import Investment, SourceType, Stage
from finance.models.choices import Sector
from finance.selectors.exports import PortfolioExport

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
IATI_VERSION = "2.03"

# ActivityStatus: 1 pipeline/identification, 2 implementation, 3 finalisation, 4 closed.
ACTIVITY_STATUS = {
    Stage.IDEA: "1",
    Stage.DESIGN: "1",
    Stage.READY: "1",
    Stage.FINANCED: "2",
    Stage.IMPLEMENTING: "2",
    Stage.COMPLETED: "3",
    Stage.CLOSED: "4",
}
STARTED = {Stage.IMPLEMENTING, Stage.COMPLETED, Stage.CLOSED}
ENDED = {Stage.COMPLETED, Stage.CLOSED}

# Our sectors on the OECD DAC 5-digit purpose codes (SectorVocabulary 1).
DAC_SECTOR = {
    Sector.SUSTAINABLE_AGRICULTURE: "31120",  # Agricultural development
    Sector.AGROFORESTRY: "31220",  # Forestry development
    Sector.RESTORATION: "31220",  # Forestry development (incl. reforestation)
    Sector.CONSERVATION: "41030",  # Biodiversity
    Sector.WATER: "14015",  # Water resources conservation
    Sector.ENERGY: "23210",  # Energy generation, renewable sources - multiple technologies
    Sector.ECOTOURISM: "33210",  # Tourism policy and administrative management
    Sector.ENTERPRISE_DEVELOPMENT: "32130",  # Small and medium-sized enterprises development
    Sector.INFRASTRUCTURE: "43040",  # Rural development
    Sector.FORESTRY: "31220",  # Forestry development
    Sector.FISHERIES: "31320",  # Fishery development
    Sector.GOVERNANCE: "41010",  # Environmental policy and administrative management
    Sector.CAPACITY: "41081",  # Environmental education/training
    Sector.MONITORING: "41082",  # Environmental research
    Sector.OTHER: "99810",  # Sectors not specified
}

# OrganisationType: 10 government, 40 multilateral, 60 foundation, 70 private sector,
# 22 national NGO, 24 partner-country NGO, 80 academic/research, 90 other.
SOURCE_ORG_TYPE = {
    SourceType.PUBLIC: "10",
    SourceType.MULTILATERAL: "40",
    SourceType.PHILANTHROPIC: "60",
    SourceType.PRIVATE: "70",
    SourceType.IMPACT_INVESTOR: "70",
    SourceType.COMMUNITY: "24",
}
ORG_TYPE = {
    "ngo": "22",
    "government": "10",
    "private_sector": "70",
    "community": "24",
    "research": "80",
    "finance": "70",
    "donor": "90",
}
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"


# Characters XML 1.0 cannot hold (control characters other than tab and newlines).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _narrative(parent, text: str) -> None:
    etree.SubElement(parent, "narrative").text = _NOT_XML.sub("", str(text))


def _sub(parent, tag: str, **attrs):
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def iati_identifier(investment: Investment) -> str:
    return investment.iati_identifier or f"{settings.IATI_REPORTING_ORG_REF}-{investment.uuid}"


def _countries(investment: Investment, data: PortfolioExport) -> list[str]:
    codes = [c.code for c in investment.landscape.countries] or [
        c.code for c in data.partnership.countries
    ]
    return list(dict.fromkeys(codes))


def _percentages(count: int) -> list[Decimal]:
    """Equal shares with two decimals that add up to exactly 100."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [share] * count
    shares[-1] += Decimal(100) - share * count
    return shares


def _point(investment: Investment) -> tuple[float, float, str, str] | None:
    """(lat, lon, exactness, name): the investment's own location, else its site's, else
    its landscape's centroid (approximate)."""
    if investment.centroid:
        exact = (investment.location or {}).get("type") == "Point"
        return investment.centroid[1], investment.centroid[0], "1" if exact else "2", ""
    if investment.site and investment.site.centroid:
        lon, lat = investment.site.centroid
        return lat, lon, "2", investment.site.name
    if investment.landscape.centroid:
        lon, lat = investment.landscape.centroid
        return lat, lon, "2", investment.landscape.name
    return None


def _activity(root, investment: Investment, data: PortfolioExport, lang: str) -> None:
    activity = _sub(
        root,
        "iati-activity",
        last_updated_datetime=investment.updated_at.isoformat(timespec="seconds"),
        default_currency=investment.currency,
        hierarchy="1",
    )
    activity.set(XML_LANG, lang)
    _sub(activity, "iati-identifier").text = iati_identifier(investment)
    reporting = _sub(
        activity,
        "reporting-org",
        ref=settings.IATI_REPORTING_ORG_REF,
        type=getattr(settings, "IATI_REPORTING_ORG_TYPE", "21"),
        secondary_reporter="1",
    )
    _narrative(reporting, settings.IATI_REPORTING_ORG_NAME)
    _narrative(_sub(activity, "title"), investment.name)
    description = _sub(activity, "description", type="1")
    _narrative(description, investment.summary.strip() or investment.name)

    funders = {}
    for source in investment.funding_sources.all():
        funders.setdefault(source.funder_id, source)
    for source in funders.values():
        org = _sub(
            activity,
            "participating-org",
            role=ROLE_FUNDING,
            type=SOURCE_ORG_TYPE.get(source.source_type, "90"),
        )
        _narrative(org, source.funder.name)
    if investment.lead_organization:
        lead = investment.lead_organization
        org = _sub(
            activity, "participating-org", role=ROLE_ACCOUNTABLE, type=ORG_TYPE.get(lead.type, "90")
        )
        _narrative(org, lead.name)
    else:
        org = _sub(activity, "participating-org", role=ROLE_ACCOUNTABLE)
        _narrative(org, data.partnership.name)
    for partner in investment.implementing_partners.all():
        org = _sub(
            activity,
            "participating-org",
            role=ROLE_IMPLEMENTING,
            type=ORG_TYPE.get(partner.type, "90"),
        )
        _narrative(org, partner.name)

    _sub(activity, "activity-status", code=ACTIVITY_STATUS.get(investment.stage, "1"))
    today = timezone.localdate()
    start = investment.start_date or investment.created_at.date()
    started = investment.stage in STARTED and start <= today
    _sub(activity, "activity-date", type="2" if started else "1", iso_date=start.isoformat())
    if investment.end_date:
        ended = investment.stage in ENDED and investment.end_date <= today
        _sub(
            activity,
            "activity-date",
            type="4" if ended else "3",
            iso_date=investment.end_date.isoformat(),
        )

    countries = _countries(investment, data)
    for code, share in zip(
        countries, _percentages(len(countries)) if countries else [], strict=False
    ):
        _sub(activity, "recipient-country", code=code, percentage=str(share))

    point = _point(investment)
    if point:
        lat, lon, exactness, name = point
        location = _sub(activity, "location")
        _sub(location, "location-reach", code="1")
        if name:
            _narrative(_sub(location, "name"), name)
        pos = _sub(_sub(location, "point", srsName=WGS84), "pos")
        pos.text = f"{lat:.6f} {lon:.6f}"
        _sub(location, "exactness", code=exactness)

    dac = _sub(
        activity,
        "sector",
        vocabulary="1",
        code=DAC_SECTOR.get(investment.sector, "99810"),
        percentage="100",
    )
    _narrative(dac, str(Sector(investment.sector).label))
    own = _sub(activity, "sector", vocabulary="99", code=investment.sector, percentage="100")
    _narrative(own, str(Sector(investment.sector).label))

    for budget in investment.budgets.all():
        element = _sub(activity, "budget", type=budget.type, status=budget.status)
        _sub(element, "period-start", iso_date=budget.period_start.isoformat())
        _sub(element, "period-end", iso_date=budget.period_end.isoformat())
        value = _sub(
            element,
            "value",
            currency=budget.currency,
            value_date=budget.period_start.isoformat(),
        )
        value.text = _money(budget.amount)

    for tx in investment.transactions.all():
        element = _sub(activity, "transaction", ref=str(tx.uuid))
        _sub(element, "transaction-type", code=tx.type)
        _sub(element, "transaction-date", iso_date=tx.date.isoformat())
        value = _sub(element, "value", currency=tx.currency, value_date=tx.date.isoformat())
        value.text = _money(tx.amount)
        if tx.description:
            _narrative(_sub(element, "description"), tx.description)
        provider = tx.provider or (tx.funding_source.funder if tx.funding_source else None)
        if provider:
            _narrative(_sub(element, "provider-org"), provider.name)
        if tx.receiver:
            _narrative(_sub(element, "receiver-org"), tx.receiver.name)


def portfolio_iati(data: PortfolioExport) -> bytes:
    """The portfolio's investments as one ``iati-activities`` document (UTF-8 bytes)."""
    lang = (settings.LANGUAGE_CODE or "en")[:2]
    root = etree.Element(
        "iati-activities",
        {
            "version": IATI_VERSION,
            "generated-datetime": data.generated_at.isoformat(timespec="seconds"),
        },
    )
    for row in data.investments:
        _activity(root, row.investment, data, lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
