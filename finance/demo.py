"""Demo investment portfolios (idempotent): exchange rates for the currencies used, and
for each demo partnership a portfolio of investments across stages and sectors with
funding sources, transactions and budgets. A partnership whose portfolio already has
investments is left alone; rates are looked up by (currency, date) first."""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from finance.models import ExchangeRate, Investment, Portfolio
from finance.models.choices import (
    BudgetStatus,
    FundingStatus,
    Instrument,
    InvestmentKind,
    RiskLevel,
    Sector,
    SourceType,
    Stage,
    TransactionType,
)
from finance.services import funding as funding_services
from finance.services import portfolio as portfolio_services
from hub.models import Organization
from hub.services import ApplicationError
from landscapes.models import Landscape, Site
from mel.models import Indicator, Result
from partnerships.models import Partnership

# Units per US dollar (the base currency), roughly as in 2025–2026.
RATES = {
    "EUR": Decimal("0.9210"),
    "KES": Decimal("129.30"),
    "UGX": Decimal("3690.0"),
    "PEN": Decimal("3.7400"),
    "XOF": Decimal("604.20"),
    "BRL": Decimal("5.4100"),
    "GBP": Decimal("0.7880"),
}

FUNDERS = [
    ("Landscape Resilience Foundation", "LRF", Organization.Type.DONOR),
    ("Fundo Verde de Investimento", "", Organization.Type.FINANCE),
    ("Bungoma County Government", "", Organization.Type.GOVERNMENT),
    ("Mount Elgon Farmers' Cooperative Union", "MEFCU", Organization.Type.COMMUNITY),
    ("Elgon Water Fund", "EWF", Organization.Type.DONOR),
    ("Green Horizon Impact Capital", "GHIC", Organization.Type.FINANCE),
    ("European Forest Landscape Facility", "EFLF", Organization.Type.DONOR),
    ("Nzoia Water Services Company", "NZOWASCO", Organization.Type.PRIVATE_SECTOR),
    ("Andes Climate Bank", "", Organization.Type.FINANCE),
    ("Cooperativa Agraria Cafetalera Rioja", "COOPARIO", Organization.Type.PRIVATE_SECTOR),
    ("Association Tiipaalga", "", Organization.Type.NGO),
]

G, L, E, GU, IK, RB, BL = (
    Instrument.GRANT,
    Instrument.LOAN,
    Instrument.EQUITY,
    Instrument.GUARANTEE,
    Instrument.IN_KIND,
    Instrument.RESULTS_BASED,
    Instrument.BLENDED,
)
PUB, MUL, PHI, PRI, IMP, COM = (
    SourceType.PUBLIC,
    SourceType.MULTILATERAL,
    SourceType.PHILANTHROPIC,
    SourceType.PRIVATE,
    SourceType.IMPACT_INVESTOR,
    SourceType.COMMUNITY,
)
P, C, D = FundingStatus.PLEDGED, FundingStatus.COMMITTED, FundingStatus.DISBURSED

# name, kind, sector, stage, risk, cost, currency, start (years from now), years,
# site name or "", funding [(funder, source type, instrument, amount, currency, status)],
# spend share (of committed funding already disbursed), summary
PORTFOLIOS = {
    "mount-elgon": {
        "title": "Mount Elgon landscape investment portfolio",
        "currency": "USD",
        "description": "Investments that restore the water towers of Mount Elgon and raise "
        "farm incomes, prepared with the county governments and cooperatives.",
        "lead": "Mount Elgon Farmers' Cooperative Union",
        "partners": ["EcoAgriculture Partners", "Bungoma County Government"],
        "investments": [
            ("Shade coffee agroforestry for 3,000 farms", InvestmentKind.ASSET, Sector.AGROFORESTRY,
             Stage.IMPLEMENTING, RiskLevel.MEDIUM, "1850000", "USD", -2, 5, "Kimilili cooperative office",
             [("Landscape Resilience Foundation", PHI, G, "600000", "USD", D),
              ("Green Horizon Impact Capital", IMP, L, "500000", "USD", C),
              ("Mount Elgon Farmers' Cooperative Union", COM, IK, "9000000", "KES", C)], Decimal("0.7"),
             "Coffee farmers plant shade trees and adopt soil conservation, financed by a grant for "
             "training and a loan to the cooperative union for seedlings and processing."),
            ("Nzoia riverbank restoration", InvestmentKind.ENABLING, Sector.RESTORATION,
             Stage.FINANCED, RiskLevel.LOW, "720000", "EUR", -1, 4, "Chepyuk restoration block",
             [("European Forest Landscape Facility", MUL, G, "500000", "EUR", C),
              ("Bungoma County Government", PUB, G, "15000000", "KES", P)], Decimal("0.25"),
             "Forty kilometres of riparian buffer replanted with indigenous trees and fenced with "
             "community agreements."),
            ("Payment for watershed services scheme", InvestmentKind.ENABLING, Sector.WATER,
             Stage.READY, RiskLevel.MEDIUM, "1200000", "USD", 0, 5, "",
             [("Nzoia Water Services Company", PRI, RB, "250000", "USD", P),
              ("Elgon Water Fund", PHI, G, "300000", "USD", C)], Decimal("0"),
             "Downstream water utilities pay upstream farmers for measured reductions in sediment."),
            ("Kapsokwony community tree nursery network", InvestmentKind.ASSET, Sector.RESTORATION,
             Stage.COMPLETED, RiskLevel.LOW, "18500000", "KES", -4, 3, "Kapsokwony tree nursery",
             [("Bungoma County Government", PUB, G, "12000000", "KES", D),
              ("Landscape Resilience Foundation", PHI, G, "50000", "USD", D)], Decimal("1"),
             "Twelve community nurseries producing 400,000 indigenous and fruit seedlings a year."),
            ("Dairy cooperative biogas and cooling", InvestmentKind.ASSET, Sector.ENERGY,
             Stage.DESIGN, RiskLevel.HIGH, "950000", "USD", 1, 4, "",
             [("Green Horizon Impact Capital", IMP, E, "300000", "USD", P)], Decimal("0"),
             "Biogas digesters and solar milk coolers for six dairy cooperatives."),
            ("Mount Elgon forest ecotourism trail", InvestmentKind.ASSET, Sector.ECOTOURISM,
             Stage.IDEA, RiskLevel.HIGH, "380000", "USD", 1, 3, "", [], Decimal("0"),
             "A guided trail and community guesthouses linking the caves and waterfalls."),
            ("Climate-smart dairy feed lots", InvestmentKind.ASSET, Sector.SUSTAINABLE_AGRICULTURE,
             Stage.READY, RiskLevel.MEDIUM, "540000", "USD", 0, 4, "",
             [("Fundo Verde de Investimento", IMP, BL, "200000", "USD", P),
              ("Mount Elgon Farmers' Cooperative Union", COM, IK, "4000000", "KES", C)], Decimal("0"),
             "Zero-grazing units and fodder banks that take cattle off the forest edge."),
            ("Landscape governance and land-use plan", InvestmentKind.ENABLING, Sector.GOVERNANCE,
             Stage.IMPLEMENTING, RiskLevel.LOW, "260000", "USD", -1, 3, "",
             [("European Forest Landscape Facility", MUL, G, "180000", "EUR", C),
              ("Bungoma County Government", PUB, IK, "6000000", "KES", C)], Decimal("0.55"),
             "A transboundary landscape forum and a county land-use plan adopted by both assemblies."),
            ("Spring protection and water kiosks", InvestmentKind.ASSET, Sector.INFRASTRUCTURE,
             Stage.DESIGN, RiskLevel.MEDIUM, "420000", "USD", 1, 2, "", [], Decimal("0"),
             "Protecting 60 springs and building water kiosks run by women's groups."),
            ("Coffee wet mill upgrade (closed)", InvestmentKind.ASSET, Sector.ENTERPRISE_DEVELOPMENT,
             Stage.CLOSED, RiskLevel.HIGH, "300000", "USD", -3, 2, "",
             [("Green Horizon Impact Capital", IMP, L, "150000", "USD", P)], Decimal("0"),
             "Closed: the cooperative merged its mills and financed the upgrade itself."),
        ],
    },
    "alto-mayo": {
        "title": "Portafolio de inversiones del paisaje Alto Mayo",
        "currency": "USD",
        "description": "Inversiones en café sostenible, conservación y turismo en el Alto Mayo.",
        "lead": "Conservación Alto Mayo",
        "partners": ["Cooperativa Agraria Cafetalera Rioja"],
        "investments": [
            ("Acuerdos de conservación con productores de café", InvestmentKind.ENABLING,
             Sector.CONSERVATION, Stage.IMPLEMENTING, RiskLevel.LOW, "2400000", "PEN", -2, 5,
             "Vivero Aguas Verdes",
             [("Landscape Resilience Foundation", PHI, G, "350000", "USD", D),
              ("Andes Climate Bank", MUL, G, "900000", "PEN", C)], Decimal("0.6"),
             "Productores se comprometen a no deforestar a cambio de asistencia técnica."),
            ("Planta de secado de café especial", InvestmentKind.ASSET,
             Sector.ENTERPRISE_DEVELOPMENT, Stage.READY, RiskLevel.MEDIUM, "680000", "USD", 0, 4, "",
             [("Andes Climate Bank", IMP, L, "300000", "USD", P),
              ("Cooperativa Agraria Cafetalera Rioja", PRI, E, "120000", "USD", C)], Decimal("0"),
             "Secadores solares y un centro de acopio para café de especialidad."),
            ("Turismo comunitario en Shampuyacu", InvestmentKind.ASSET, Sector.ECOTOURISM,
             Stage.DESIGN, RiskLevel.HIGH, "210000", "USD", 1, 3, "Comunidad nativa Shampuyacu",
             [], Decimal("0"), "Albergue y senderos gestionados por la comunidad awajún."),
            ("Restauración de riberas del río Mayo", InvestmentKind.ENABLING, Sector.RESTORATION,
             Stage.FINANCED, RiskLevel.MEDIUM, "1500000", "PEN", 0, 4, "",
             [("Andes Climate Bank", PUB, G, "1200000", "PEN", C)], Decimal("0.1"),
             "Reforestación de 600 ha de riberas degradadas con especies nativas."),
        ],
    },
    "plateau-central": {
        "title": "Portefeuille d'investissements du Plateau central",
        "currency": "EUR",
        "description": "Régénération naturelle assistée, demi-lunes et points d'eau.",
        "lead": "Association Tiipaalga",
        "partners": ["Institut de l'Environnement et de Recherches Agricoles"],
        "investments": [
            ("Demi-lunes et zaï sur 2 000 ha", InvestmentKind.ASSET, Sector.RESTORATION,
             Stage.IMPLEMENTING, RiskLevel.MEDIUM, "420000000", "XOF", -1, 4,
             "Site de demi-lunes de Ziniaré",
             [("European Forest Landscape Facility", MUL, G, "350000", "EUR", C),
              ("Association Tiipaalga", COM, IK, "30000000", "XOF", C)], Decimal("0.4"),
             "Récupération des terres dégradées par les techniques de demi-lunes et de zaï."),
            ("Foyers améliorés et bois-énergie durable", InvestmentKind.ASSET, Sector.ENERGY,
             Stage.READY, RiskLevel.LOW, "180000", "EUR", 0, 3, "",
             [("Landscape Resilience Foundation", PHI, RB, "60000", "USD", P)], Decimal("0"),
             "Diffusion de 15 000 foyers améliorés fabriqués localement."),
            ("Points d'eau pastoraux de Zitenga", InvestmentKind.ASSET, Sector.WATER, Stage.IDEA,
             RiskLevel.HIGH, "95000000", "XOF", 1, 2, "Point d'eau de Zitenga", [], Decimal("0"),
             "Forages et abreuvoirs pour réduire la pression du bétail sur les parcs."),
        ],
    },
    "cantareira": {
        "title": "Portfólio de investimentos do Sistema Cantareira",
        "currency": "BRL",
        "description": "Restauração florestal e produção sustentável nas nascentes do Cantareira.",
        "lead": "Instituto de Pesquisas Ecológicas",
        "partners": ["Fundo Verde de Investimento"],
        "investments": [
            ("Restauração de nascentes em Nazaré Paulista", InvestmentKind.ENABLING,
             Sector.RESTORATION, Stage.IMPLEMENTING, RiskLevel.LOW, "3200000", "BRL", -2, 5,
             "Viveiro de Nazaré Paulista",
             [("Fundo Verde de Investimento", IMP, BL, "1500000", "BRL", C),
              ("Landscape Resilience Foundation", PHI, G, "150000", "USD", D)], Decimal("0.5"),
             "Restauração de 800 ha de matas ciliares com pagamento por serviços ambientais."),
            ("Sistemas agroflorestais de café e banana", InvestmentKind.ASSET, Sector.AGROFORESTRY,
             Stage.READY, RiskLevel.MEDIUM, "1800000", "BRL", 0, 4, "",
             [("Fundo Verde de Investimento", IMP, L, "600000", "BRL", P)], Decimal("0"),
             "Crédito para 300 produtores converterem pastagens em agroflorestas."),
            ("Monitoramento da qualidade da água", InvestmentKind.ENABLING, Sector.MONITORING,
             Stage.DESIGN, RiskLevel.LOW, "75000", "USD", 1, 3, "Reservatório Jaguari", [],
             Decimal("0"), "Rede de sensores e boletins trimestrais para os comitês de bacia."),
        ],
    },
}  # fmt: skip


def _rates(today: datetime.date) -> None:
    """Rates on 1 January of the last three years and on the 1st of the last six months,
    with a small drift so conversions visibly depend on the date."""
    dates = {datetime.date(today.year - n, 1, 1) for n in range(3)}
    month = today.replace(day=1)
    for _n in range(6):
        dates.add(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    for index, day in enumerate(sorted(dates)):
        for currency, rate in RATES.items():
            drift = Decimal(1) + Decimal(index - 4) * Decimal("0.004")
            ExchangeRate.objects.get_or_create(
                currency=currency,
                date=day,
                defaults={
                    "rate": (rate * drift).quantize(Decimal("0.0001")),
                    "source": "Demo data",
                },
            )


def _organization(name: str) -> Organization | None:
    return Organization.objects.filter(name=name).first()


def _shift(day: datetime.date, years: float) -> datetime.date:
    return day + datetime.timedelta(days=round(365.25 * years))


def seed() -> None:
    today = timezone.localdate()
    _rates(today)
    for name, acronym, org_type in FUNDERS:
        Organization.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "type": org_type}
        )
    for slug, spec in PORTFOLIOS.items():
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            continue
        if Investment.objects.for_partnership(partnership).exists():
            continue
        landscape = Landscape.objects.for_partnership(partnership).order_by("pk").first()
        if landscape is None:
            continue
        _seed_partnership(partnership, landscape, spec, today)
    from finance import demo_mobilization, demo_review

    demo_review.seed()
    demo_mobilization.seed()


def _seed_partnership(partnership, landscape, spec, today) -> None:
    portfolio = portfolio_services.portfolio_get_or_create(partnership=partnership)
    portfolio_services.portfolio_update(
        portfolio=portfolio,
        title=spec["title"],
        description=spec["description"],
        reporting_currency=spec["currency"],
    )
    lead = _organization(spec["lead"])
    partners = [org for org in map(_organization, spec["partners"]) if org]
    sites = {
        s.name: s for s in Site.objects.for_partnership(partnership).filter(landscape=landscape)
    }
    results = list(Result.objects.for_partnership(partnership).filter(depth=1).order_by("code"))
    indicators = list(Indicator.objects.for_partnership(partnership).order_by("name"))
    start_of_year = datetime.date(today.year, 1, 1)
    for index, row in enumerate(spec["investments"]):
        (name, kind, sector, stage, risk, cost, currency, start_in, years, site_name, funding,
         spent, summary) = row  # fmt: skip
        start = _shift(start_of_year, start_in)
        end = _shift(start, years) - datetime.timedelta(days=1)
        location = None
        if not site_name and index % 3 == 1 and landscape.centroid_lon is not None:
            lon, lat = landscape.centroid_lon, landscape.centroid_lat
            d = 0.01 + 0.004 * index
            location = {
                "type": "Polygon",
                "coordinates": [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d],
                                 [lon - d, lat + d], [lon - d, lat - d]]],
            }  # fmt: skip
        kwargs = {
            "partnership": partnership, "name": name, "summary": summary, "kind": kind, "sector": sector,
            "stage": stage, "risk_level": risk, "total_cost": Decimal(cost), "currency": currency,
            "start_date": start, "end_date": end, "lead_organization": lead,
            "implementing_partners": partners, "landscape": landscape, "site": sites.get(site_name),
            "results": results[index % len(results): index % len(results) + 1] if results else [],
            "indicators": indicators[index % len(indicators): index % len(indicators) + 1]
            if indicators else [],
        }  # fmt: skip
        try:
            investment = portfolio_services.investment_create(location=location, **kwargs)
        except ApplicationError:
            investment = portfolio_services.investment_create(location=None, **kwargs)
        _seed_money(investment, funding, spent, start, end, today)
    Portfolio.objects.filter(pk=portfolio.pk).update(updated_at=timezone.now())


def _seed_money(investment, funding, spent, start, end, today) -> None:
    committed_day = min(_shift(start, 0.1), today)
    for funder_name, source_type, instrument, amount, currency, status in funding:
        funder = _organization(funder_name)
        if funder is None:
            continue
        source = funding_services.funding_source_create(
            investment=investment, funder=funder, source_type=source_type,
            instrument=instrument, amount=Decimal(amount), currency=currency, status=status,
            pledged_on=_shift(start, -0.3),
            committed_on=committed_day if status in (C, D) else None,
            disbursed_on=min(_shift(start, 0.5), today) if status == D else None,
        )  # fmt: skip
        if status in (C, D):
            funding_services.transaction_create(
                investment=investment, type=TransactionType.INCOMING_COMMITMENT,
                date=max(committed_day, start), amount=source.amount, currency=source.currency,
                funding_source=source, provider=funder,
                description=f"Commitment from {funder.name}",
            )  # fmt: skip
        if spent and status in (C, D) and start < today:
            # Half-yearly tranches from the start until today (or the end), rounded down so
            # that the disbursements never exceed the commitment.
            last = min(today, end)
            halves = max(1, (last - start).days // 182)
            total = (source.amount * spent).quantize(Decimal("1"))
            each = (total / halves).quantize(Decimal("1"), rounding=ROUND_DOWN)
            for half in range(halves):
                day = start + datetime.timedelta(days=182 * half + 30)
                if day > last:
                    break
                funding_services.transaction_create(
                    investment=investment, type=TransactionType.DISBURSEMENT, date=day,
                    amount=each, currency=source.currency, funding_source=source,
                    provider=funder, description=f"Tranche {half + 1}",
                )  # fmt: skip
                funding_services.transaction_create(
                    investment=investment, type=TransactionType.EXPENDITURE,
                    date=min(day + datetime.timedelta(days=60), last),
                    amount=(each * Decimal("0.85")).quantize(Decimal("1")),
                    currency=source.currency, description=f"Field works, tranche {half + 1}",
                )  # fmt: skip
    # Yearly budgets over the investment's life (at most five).
    year_start = start
    yearly = (investment.total_cost / max(1, round((end - start).days / 365.25))).quantize(
        Decimal("0.01")
    )
    for _year in range(5):
        if year_start > end:
            break
        year_end = min(_shift(year_start, 1) - datetime.timedelta(days=1), end)
        if year_end <= year_start:
            break
        funding_services.budget_create(
            investment=investment, period_start=year_start, period_end=year_end,
            amount=yearly, currency=investment.currency,
            status=BudgetStatus.COMMITTED if year_end < today else BudgetStatus.INDICATIVE,
        )  # fmt: skip
        year_start = year_end + datetime.timedelta(days=1)


def logins() -> list[tuple[str, str, str]]:
    from finance.demo_review import FUNDER_STAFF

    return [(email, name, f"funder reviewer, {org[0]}") for email, name, org in FUNDER_STAFF]
