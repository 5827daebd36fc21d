"""Demo resource mobilization pipeline (idempotent; runs after ``finance.demo.seed``):
donor prospects among the demo funders and proposals in every status, dated around
today so the board shows deadlines this week, overdue and later. A prospect or proposal
that already exists (by organization, by title) is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from finance.models import DonorProspect, Proposal, ProposalStatus, Sector
from finance.services import mobilization as services
from hub.models import Organization, User
from partnerships.models import Partnership

COORDINATOR = "hub.coordinator@demo.landscapehub.org"

# organization, acronym, type, focus areas, countries, grant range, currency, contact, status
PROSPECTS = [
    ("Landscape Resilience Foundation", "LRF", Organization.Type.DONOR,
     [Sector.RESTORATION, Sector.AGROFORESTRY, Sector.WATER], ["KE", "UG", "PE", "BR"],
     ("250000", "1500000"), "USD", ("Helen Achieng", "grants@lrf.example.org"), "active",
     "Two calls a year (March, September). Prefers proposals naming several partnerships."),
    ("European Forest Landscape Facility", "EFLF", Organization.Type.DONOR,
     [Sector.FORESTRY, Sector.RESTORATION, Sector.GOVERNANCE], ["BF", "KE", "PE", "BR"],
     ("500000", "3000000"), "EUR", ("Johan Berg", "calls@eflf.example.org"), "active",
     "Co-financing of 20% required; concept note first."),
    ("Elgon Water Fund", "EWF", Organization.Type.DONOR,
     [Sector.WATER, Sector.CONSERVATION], ["KE", "UG"],
     ("5000000", "25000000"), "KES", ("Peter Wafula", ""), "active",
     "Funds catchment work upstream of the Nzoia intake."),
    ("Andes Climate Bank", "", Organization.Type.FINANCE,
     [Sector.SUSTAINABLE_AGRICULTURE, Sector.ENTERPRISE_DEVELOPMENT], ["PE"],
     ("1000000", "5000000"), "PEN", ("Rosa Huamán", ""), "active",
     "Concessional credit lines through cooperatives."),
    ("Fundo Verde de Investimento", "", Organization.Type.FINANCE,
     [Sector.ENERGY], ["BR"], (None, None), "BRL", ("", ""), "archived",
     "No longer funds landscape programmes (2025 strategy)."),
]  # fmt: skip

# title, donor, amount, currency, status path, submission (days from today), decision,
# partnership slugs, extra deadlines (name, days from today)
PROPOSALS = [
    ("Mount Elgon catchment restoration, phase 2", "Landscape Resilience Foundation",
     "1200000", "USD", [ProposalStatus.IN_PREPARATION, ProposalStatus.SUBMITTED], -20, 25,
     ["mount-elgon"], []),
    ("Cross-border agroforestry scale-up", "European Forest Landscape Facility",
     "2400000", "EUR", [ProposalStatus.IN_PREPARATION], 6, 90,
     ["mount-elgon", "plateau-central"], [("Concept note", 2)]),
    ("Spring protection and water user associations", "Elgon Water Fund",
     "18000000", "KES", [], 40, 100, ["mount-elgon"], []),
    ("Alto Mayo coffee agroforestry credit line", "Andes Climate Bank", "3500000", "PEN",
     [ProposalStatus.IN_PREPARATION, ProposalStatus.SUBMITTED, ProposalStatus.AWARDED],
     -120, -30, ["alto-mayo"], []),
    ("Zaï and half-moon restoration on the central plateau",
     "European Forest Landscape Facility", "900000", "EUR",
     [ProposalStatus.IN_PREPARATION, ProposalStatus.SUBMITTED, ProposalStatus.DECLINED],
     -90, -15, ["plateau-central"], []),
    ("Cantareira water fund design", "Landscape Resilience Foundation", "450000", "USD",
     [], 75, 150, ["cantareira"], []),
    ("Landscape finance training for partnership leaders", "Landscape Resilience Foundation",
     "300000", "USD", [ProposalStatus.IN_PREPARATION], -2, 60,
     ["mount-elgon", "alto-mayo", "plateau-central", "cantareira"], []),
]  # fmt: skip


def _day(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def seed() -> None:
    actor = User.objects.filter(email=COORDINATOR, is_staff=True).first()
    if actor is None:
        return
    today = timezone.localdate()
    for (name, acronym, org_type, focus, countries, (low, high), currency, (contact, email),
         status, notes) in PROSPECTS:  # fmt: skip
        organization, _created = Organization.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "type": org_type}
        )
        if DonorProspect.objects.filter(organization=organization).exists():
            continue
        services.prospect_create(
            actor=actor, organization=organization, notes=notes, focus_areas=focus,
            countries=countries, grant_min=Decimal(low) if low else None,
            grant_max=Decimal(high) if high else None, grant_currency=currency,
            contact_name=contact, contact_email=email, relationship_owner=actor, status=status,
        )  # fmt: skip
    for (title, donor_name, amount, currency, path, submit, decide, slugs,
         extras) in PROPOSALS:  # fmt: skip
        if Proposal.objects.filter(title=title).exists():
            continue
        donor = DonorProspect.objects.filter(organization__name=donor_name).first()
        if donor is None:
            continue
        proposal = services.proposal_create(
            actor=actor, title=title, donor=donor, amount=Decimal(amount), currency=currency,
            owner=actor, submission_deadline=_day(today, submit),
            decision_expected=_day(today, decide),
            partnerships=Partnership.objects.filter(slug__in=slugs),
        )  # fmt: skip
        for status in path:
            proposal = services.proposal_transition(
                actor=actor, proposal=proposal, to_status=status
            )
        for extra_name, days in extras:
            services.proposal_deadline_add(
                actor=actor, proposal=proposal, name=extra_name, date=_day(today, days)
            )
