"""Demo funder review and marketplace (idempotent; runs after ``finance.demo.seed``):
funder reviewers with demo logins, review criteria, the Mount Elgon portfolio shared with
the Landscape Resilience Foundation with a review in progress, chosen Alto Mayo
investments shared with Green Horizon Impact Capital, and a few marketplace listings.

Everything goes through the finance services, so grants, notifications and audit events
are the real ones. A step whose result is already there is skipped."""

from __future__ import annotations

import contextlib

from finance.models import (
    Investment,
    InvestmentReview,
    Portfolio,
    PortfolioShare,
    ReviewCriterion,
    ReviewStatus,
    Stage,
)
from finance.services import marketplace as market_services
from finance.services import review as services
from hub.demo import demo_user
from hub.models import Organization
from hub.services import ApplicationError
from partnerships.models import Membership
from partnerships.roles import Role

# email, name, organization (name, acronym, type)
FUNDER_STAFF = [
    ("grace.mutua@lrf.example.org", "Grace Mutua", ("Landscape Resilience Foundation", "LRF", "donor")),
    ("tom.becker@lrf.example.org", "Tom Becker", ("Landscape Resilience Foundation", "LRF", "donor")),
    ("daniel.okoth@ghic.example.org", "Daniel Okoth", ("Green Horizon Impact Capital", "GHIC", "finance")),
]  # fmt: skip

CRITERIA = [
    ("Landscape impact", "Restores land, water or biodiversity at landscape scale, with "
     "measurable results."),
    ("Financial viability", "Revenues or savings cover costs; a clear plan to repay or "
     "sustain the investment."),
    ("Community benefit and inclusion", "Smallholders, women and youth share the benefits "
     "and have a say."),
    ("Risk management", "Risks are known and mitigated; the lead organization can deliver."),
]  # fmt: skip


def _org(name: str, acronym: str, org_type: str) -> Organization:
    org, _created = Organization.objects.get_or_create(
        name=name, defaults={"acronym": acronym, "type": org_type}
    )
    return org


def _officer(partnership):
    for role in (Role.FINANCE_OFFICER, Role.LEADER):
        membership = (
            Membership.objects.for_partnership(partnership)
            .filter(role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def _portfolio(slug: str) -> Portfolio | None:
    return Portfolio.objects.filter(partnership__slug=slug).select_related("partnership").first()


def _share(portfolio: Portfolio, funder: Organization, actor, **kwargs) -> PortfolioShare | None:
    existing = PortfolioShare.objects.filter(portfolio=portfolio, funder=funder).first()
    if existing is not None:
        return existing if existing.revoked_at is None else None
    return services.portfolio_share(portfolio=portfolio, funder=funder, actor=actor, **kwargs)


def _review_in_progress(investment: Investment, reviewer, officer) -> None:
    """Started, scored, a question asked and answered (only on a fresh review)."""
    review = InvestmentReview.objects.filter(investment=investment, funder__funder_staff__user=reviewer).first()  # fmt: skip
    if review is not None and (review.status != ReviewStatus.SHARED or review.messages.exists()):
        return
    services.review_start(investment=investment, actor=reviewer)
    criteria = list(ReviewCriterion.objects.filter(active=True).order_by("position")[:3])
    services.review_score(
        investment=investment,
        actor=reviewer,
        scores=dict(zip(criteria, [5, 3, 4], strict=False)),
        comments={criteria[0]: "Strong case for the water towers."} if criteria else {},
    )
    services.review_ask(
        investment=investment,
        actor=reviewer,
        body="How will the sediment reductions be measured, and who verifies them?",
    )
    review = InvestmentReview.objects.get(
        investment=investment, funder__funder_staff__user=reviewer
    )
    services.review_answer(
        review=review,
        actor=officer,
        body="Turbidity loggers at three intake points, verified each quarter by the water "
        "resources authority; the baseline year is 2025.",
    )


def seed() -> None:
    if _portfolio("mount-elgon") is None:
        from finance import demo

        demo.seed()

    reviewers = {}
    for email, name, (org_name, acronym, org_type) in FUNDER_STAFF:
        user = demo_user(email, name)
        org = _org(org_name, acronym, org_type)
        services.funder_staff_add(organization=org, user=user)
        reviewers.setdefault(org.name, user)

    for position, (name, description) in enumerate(CRITERIA, start=1):
        ReviewCriterion.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )

    lrf = Organization.objects.get(name="Landscape Resilience Foundation")
    ghic = Organization.objects.get(name="Green Horizon Impact Capital")

    elgon = _portfolio("mount-elgon")
    if elgon is not None and (officer := _officer(elgon.partnership)) is not None:
        try:
            share = _share(
                elgon, lrf, officer, message="Our 2026 pipeline; the watershed scheme is ready."
            )
        except ApplicationError:
            share = None
        investments = Investment.objects.for_partnership(elgon.partnership).filter(portfolio=elgon)
        watershed = investments.filter(name="Payment for watershed services scheme").first()
        if share is not None and watershed is not None:
            _review_in_progress(watershed, reviewers[lrf.name], officer)
        for investment in investments.filter(stage=Stage.READY):
            market_services.investment_publish(investment=investment, actor=officer)

    mayo = _portfolio("alto-mayo")
    if mayo is not None and (officer := _officer(mayo.partnership)) is not None:
        investments = list(
            Investment.objects.for_partnership(mayo.partnership)
            .filter(portfolio=mayo, stage__in=[Stage.READY, Stage.FINANCED])
            .order_by("name")[:2]
        )
        if investments:
            with contextlib.suppress(ApplicationError):
                _share(mayo, ghic, officer, whole_portfolio=False, investments=investments)
            market_services.investment_publish(investment=investments[0], actor=officer)
