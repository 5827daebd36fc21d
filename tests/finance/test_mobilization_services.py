"""Resource mobilization services: donor prospects, proposals, the pipeline transitions
(with reopening), extra deadlines and the pipeline totals in USD."""

import datetime
from decimal import Decimal

import pytest

from finance.models import (
    DonorProspect,
    Proposal,
    ProposalDeadline,
    ProposalStatus,
    ProposalTransition,
)
from finance.selectors.mobilization import ProposalFilters, pipeline, proposal_list
from finance.services import mobilization as services
from hub.services import ApplicationError
from tests.finance.factories import ExchangeRateFactory
from tests.finance.factories_mobilization import (
    DonorProspectFactory,
    ProposalDeadlineFactory,
    ProposalFactory,
)
from tests.hub.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

S = ProposalStatus
TODAY = datetime.date.today()


def _snapshot(proposal: Proposal) -> tuple:
    proposal.refresh_from_db()
    return (
        proposal.title,
        proposal.amount,
        proposal.currency,
        proposal.status,
        proposal.submission_deadline,
        proposal.decision_expected,
        sorted(proposal.partnerships.values_list("pk", flat=True)),
    )


def _proposal_data(donor, owner, **overrides) -> dict:
    return {
        "title": "Catchment restoration",
        "donor": donor,
        "amount": Decimal("120000"),
        "currency": "EUR",
        "owner": owner,
        "submission_deadline": TODAY + datetime.timedelta(days=20),
        "decision_expected": TODAY + datetime.timedelta(days=80),
        "partnerships": [],
        "notes": "",
        "link": "",
        **overrides,
    }


# --- donor prospects ------------------------------------------------------------------


def test_prospect_create_links_an_existing_organization(staff_user):
    organization = OrganizationFactory(name="Rainforest Trust")

    prospect = services.prospect_create(
        actor=staff_user,
        organization=organization,
        focus_areas=["restoration", "water", "restoration"],
        countries=["KE", "UG"],
        grant_min=Decimal("50000"),
        grant_max=Decimal("250000"),
        grant_currency="eur",
        contact_name=" Ana ",
        relationship_owner=staff_user,
    )

    prospect.refresh_from_db()
    assert prospect.organization == organization
    assert prospect.focus_areas == ["restoration", "water"]
    assert [c.code for c in prospect.countries] == ["KE", "UG"]
    assert (prospect.grant_currency, prospect.contact_name, prospect.status) == (
        "EUR",
        "Ana",
        "active",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grant_min": Decimal("500"), "grant_max": Decimal("100")}, "grant_max"),
        ({"grant_min": Decimal("-1")}, "grant_min"),
        ({"grant_currency": "ZZZ"}, "grant_currency"),
        ({"focus_areas": ["astrology"]}, "focus_areas"),
        ({"status": "paused"}, "status"),
        ({"relationship_owner": "plain user"}, "relationship_owner"),
    ],
)
def test_prospect_create_refuses_bad_input_and_writes_nothing(staff_user, overrides, field):
    if overrides.get("relationship_owner") == "plain user":
        overrides["relationship_owner"] = UserFactory()

    with pytest.raises(ApplicationError) as refused:
        services.prospect_create(actor=staff_user, organization=OrganizationFactory(), **overrides)

    assert refused.value.field == field
    assert DonorProspect.objects.count() == 0


def test_an_organization_is_a_prospect_once(staff_user):
    prospect = DonorProspectFactory()

    with pytest.raises(ApplicationError) as refused:
        services.prospect_create(actor=staff_user, organization=prospect.organization)

    assert refused.value.field == "organization"
    assert DonorProspect.objects.count() == 1


def test_only_hub_staff_write_the_pipeline(user):
    donor = DonorProspectFactory()

    with pytest.raises(ApplicationError):
        services.prospect_create(actor=user, organization=OrganizationFactory())
    with pytest.raises(ApplicationError):
        services.proposal_create(actor=user, **_proposal_data(donor, user))

    assert DonorProspect.objects.count() == 1
    assert Proposal.objects.count() == 0


# --- proposals --------------------------------------------------------------------------


def test_proposal_create_starts_as_a_prospect_for_the_partnerships_named(staff_user):
    donor = DonorProspectFactory()
    elgon, mayo = PartnershipFactory(), PartnershipFactory()

    proposal = services.proposal_create(
        actor=staff_user, **_proposal_data(donor, staff_user, partnerships=[elgon, mayo])
    )

    assert proposal.status == S.PROSPECT
    assert set(proposal.partnerships.all()) == {elgon, mayo}
    assert (proposal.amount, proposal.currency) == (Decimal("120000"), "EUR")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "   "}, "title"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"amount": Decimal("1000000000000000")}, "amount"),
        ({"currency": "EURO"}, "currency"),
        (
            {
                "submission_deadline": TODAY + datetime.timedelta(days=10),
                "decision_expected": TODAY,
            },
            "decision_expected",
        ),
        ({"owner": "inactive"}, "owner"),
        ({"link": "not a link"}, "link"),
    ],
)
def test_proposal_update_refuses_bad_input_and_changes_nothing(staff_user, overrides, field):
    partnership = PartnershipFactory()
    proposal = ProposalFactory(partnerships=[partnership])
    before = _snapshot(proposal)
    if overrides.get("owner") == "inactive":
        overrides["owner"] = StaffUserFactory(is_active=False)

    with pytest.raises(ApplicationError) as refused:
        services.proposal_update(
            actor=staff_user,
            proposal=proposal,
            **_proposal_data(
                proposal.donor, overrides.pop("owner", staff_user), partnerships=[], **overrides
            ),
        )

    assert refused.value.field == field
    assert _snapshot(proposal) == before


def test_a_new_proposal_needs_an_active_donor(staff_user):
    archived = DonorProspectFactory(status="archived")

    with pytest.raises(ApplicationError) as refused:
        services.proposal_create(actor=staff_user, **_proposal_data(archived, staff_user))

    assert refused.value.field == "donor"
    assert Proposal.objects.count() == 0


# --- transitions --------------------------------------------------------------------------


def test_a_proposal_moves_through_the_pipeline_and_keeps_its_history(staff_user):
    proposal = ProposalFactory()

    for status in (S.IN_PREPARATION, S.SUBMITTED, S.AWARDED):
        proposal = services.proposal_transition(
            actor=staff_user, proposal=proposal, to_status=status
        )

    proposal.refresh_from_db()
    assert proposal.status == S.AWARDED
    assert list(
        ProposalTransition.objects.filter(proposal=proposal).values_list(
            "from_status", "to_status", "actor"
        )
    ) == [
        (S.PROSPECT, S.IN_PREPARATION, staff_user.pk),
        (S.IN_PREPARATION, S.SUBMITTED, staff_user.pk),
        (S.SUBMITTED, S.AWARDED, staff_user.pk),
    ]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.PROSPECT, S.SUBMITTED),
        (S.PROSPECT, S.AWARDED),
        (S.IN_PREPARATION, S.DECLINED),
        (S.SUBMITTED, S.PROSPECT),
        (S.AWARDED, S.DECLINED),
        (S.DECLINED, S.SUBMITTED),
        (S.PROSPECT, "won"),
    ],
)
def test_transitions_outside_the_pipeline_are_refused(staff_user, start, to):
    proposal = ProposalFactory(status=start)

    with pytest.raises(ApplicationError) as refused:
        services.proposal_transition(actor=staff_user, proposal=proposal, to_status=to)

    assert refused.value.field == "to_status"
    proposal.refresh_from_db()
    assert proposal.status == start
    assert ProposalTransition.objects.count() == 0


def test_a_step_back_to_prospect_is_allowed_from_preparation(staff_user):
    proposal = ProposalFactory(status=S.IN_PREPARATION)

    services.proposal_transition(actor=staff_user, proposal=proposal, to_status=S.PROSPECT)

    proposal.refresh_from_db()
    assert proposal.status == S.PROSPECT


@pytest.mark.parametrize("final", [S.AWARDED, S.DECLINED])
def test_staff_reopen_a_final_proposal_with_a_reason(staff_user, final):
    proposal = ProposalFactory(status=final)

    services.proposal_reopen(
        actor=staff_user, proposal=proposal, reason="The donor reconsidered the budget."
    )

    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    change = ProposalTransition.objects.get(proposal=proposal)
    assert (change.from_status, change.to_status, change.reopened, change.reason) == (
        final,
        S.SUBMITTED,
        True,
        "The donor reconsidered the budget.",
    )


def test_reopen_needs_a_reason_staff_and_a_final_status(staff_user, user):
    awarded = ProposalFactory(status=S.AWARDED)
    submitted = ProposalFactory(status=S.SUBMITTED)

    with pytest.raises(ApplicationError) as no_reason:
        services.proposal_reopen(actor=staff_user, proposal=awarded, reason="  ")
    with pytest.raises(ApplicationError):
        services.proposal_reopen(actor=user, proposal=awarded, reason="Because.")
    with pytest.raises(ApplicationError):
        services.proposal_reopen(actor=staff_user, proposal=submitted, reason="Because.")

    assert no_reason.value.field == "reason"
    assert list(Proposal.objects.order_by("pk").values_list("status", flat=True)) == [
        S.AWARDED,
        S.SUBMITTED,
    ]
    assert ProposalTransition.objects.count() == 0


# --- extra deadlines ----------------------------------------------------------------------


def test_extra_deadlines_have_unique_names_per_proposal(staff_user):
    proposal = ProposalFactory()
    services.proposal_deadline_add(
        actor=staff_user, proposal=proposal, name="Concept note", date=TODAY
    )

    with pytest.raises(ApplicationError) as refused:
        services.proposal_deadline_add(
            actor=staff_user, proposal=proposal, name="concept NOTE", date=TODAY
        )
    with pytest.raises(ApplicationError) as unnamed:
        services.proposal_deadline_add(actor=staff_user, proposal=proposal, name=" ", date=TODAY)

    assert (refused.value.field, unnamed.value.field) == ("name", "name")
    assert list(ProposalDeadline.objects.values_list("name", flat=True)) == ["Concept note"]


# --- reads ----------------------------------------------------------------------------------


def test_pipeline_totals_per_status_in_usd_with_the_rate_date():
    rate_day = TODAY - datetime.timedelta(days=3)
    ExchangeRateFactory(currency="EUR", date=rate_day, rate=Decimal("0.8"))
    ProposalFactory(status=S.SUBMITTED, amount=Decimal("100000"), currency="USD")
    ProposalFactory(status=S.SUBMITTED, amount=Decimal("80000"), currency="EUR")
    ProposalFactory(status=S.AWARDED, amount=Decimal("50000"), currency="USD")
    ProposalFactory(status=S.PROSPECT, amount=Decimal("1000"), currency="XOF")  # no rate

    result = pipeline(list(proposal_list()))

    totals = {c.status: (c.total.amount, c.total.complete) for c in result.columns}
    assert totals[S.SUBMITTED] == (Decimal("200000.00"), True)
    assert totals[S.AWARDED] == (Decimal("50000.00"), True)
    assert totals[S.PROSPECT] == (Decimal("0.00"), False)
    assert result.total_open.amount == Decimal("200000.00")
    assert result.rate_date == rate_day
    assert [m.currency for m in result.missing_rates] == ["XOF"]


def test_proposal_list_filters():
    elgon, mayo = PartnershipFactory(), PartnershipFactory()
    soon = ProposalFactory(
        title="Soon",
        partnerships=[elgon],
        submission_deadline=TODAY + datetime.timedelta(days=5),
        decision_expected=TODAY + datetime.timedelta(days=200),
    )
    late = ProposalFactory(
        title="Late",
        status=S.IN_PREPARATION,
        partnerships=[elgon, mayo],
        submission_deadline=TODAY - datetime.timedelta(days=2),
    )
    extra = ProposalFactory(
        title="Extra",
        submission_deadline=TODAY + datetime.timedelta(days=100),
        decision_expected=TODAY + datetime.timedelta(days=120),
    )
    ProposalDeadlineFactory(proposal=extra, date=TODAY + datetime.timedelta(days=20))

    def titles(**kwargs):
        return [p.title for p in proposal_list(filters=ProposalFilters(**kwargs))]

    assert titles(partnership=mayo.slug) == ["Late"]
    assert titles(partnership=elgon.slug) == ["Late", "Soon"]
    assert titles(window="7") == ["Soon"]
    assert titles(window="30") == ["Soon", "Extra"]
    assert titles(window="overdue") == ["Late"]
    assert titles(status=S.IN_PREPARATION) == ["Late"]
    assert titles(donor=str(soon.donor.uuid)) == ["Soon"]
    assert titles(owner=str(late.owner.uuid)) == ["Late"]
