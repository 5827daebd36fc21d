"""Resource mobilization pages: hub staff manage the pipeline at /finance/mobilization/
(everyone else gets a 404); leaders and finance officers read the proposals that would
benefit their partnership at /p/<slug>/finance/mobilization/."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from finance.models import DonorProspect, Proposal, ProposalDeadline, ProposalStatus
from finance.selectors.coordination import mobilization_panel_rows
from partnerships.models import Partnership
from partnerships.roles import Role
from tests.finance.factories import ExchangeRateFactory
from tests.finance.factories_mobilization import (
    DonorProspectFactory,
    ProposalDeadlineFactory,
    ProposalFactory,
)
from tests.hub.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

S = ProposalStatus
TODAY = datetime.date.today()


@pytest.fixture
def elgon():
    return PartnershipFactory(name="Mount Elgon")


@pytest.fixture
def proposal(elgon):
    return ProposalFactory(title="Catchment restoration", partnerships=[elgon])


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _caller(kind: str, partnership):
    if kind == "anonymous":
        return None
    if kind == "plain":
        return UserFactory()
    if kind == "staff":
        return StaffUserFactory()
    if kind == "leader_other":
        return MembershipFactory(partnership=PartnershipFactory(), role=Role.LEADER).user
    return MembershipFactory(partnership=partnership, role=kind).user


# --- hub staff pages: the permission matrix ---------------------------------------------

STAFF_GET = [
    ("mobilization:pipeline", None),
    ("mobilization:proposal-create", None),
    ("mobilization:proposal-detail", "proposal"),
    ("mobilization:proposal-edit", "proposal"),
    ("mobilization:prospect-list", None),
    ("mobilization:prospect-create", None),
    ("mobilization:prospect-detail", "prospect"),
    ("mobilization:prospect-edit", "prospect"),
]
STAFF_POST = [
    ("mobilization:proposal-transition", {"to_status": S.IN_PREPARATION}),
    ("mobilization:proposal-reopen", {"reason": "The donor asked again."}),
    ("mobilization:deadline-add", {"name": "Concept note", "date": "2030-01-31"}),
    ("mobilization:deadline-delete", {}),
]
CALLERS = ["anonymous", "plain", Role.LEADER, "leader_other", "staff"]


def _staff_url(name: str, arg, proposal) -> str:
    if arg == "proposal":
        return reverse(name, args=[proposal.uuid])
    if arg == "prospect":
        return reverse(name, args=[proposal.donor.uuid])
    return reverse(name)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("name", "arg"), STAFF_GET, ids=[n for n, _a in STAFF_GET])
def test_staff_pages_are_404_for_everyone_but_hub_staff(elgon, proposal, caller, name, arg):
    response = _client(_caller(caller, elgon)).get(_staff_url(name, arg, proposal))

    assert response.status_code == (200 if caller == "staff" else 404)


@pytest.mark.parametrize("caller", ["anonymous", "plain", Role.LEADER, "leader_other"])
@pytest.mark.parametrize(("name", "data"), STAFF_POST, ids=[n for n, _d in STAFF_POST])
def test_staff_actions_are_404_for_others_and_change_nothing(elgon, proposal, caller, name, data):
    deadline = ProposalDeadlineFactory(proposal=proposal)
    args = [proposal.uuid, deadline.uuid] if name.endswith("delete") else [proposal.uuid]

    response = _client(_caller(caller, elgon)).post(reverse(name, args=args), data)

    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == S.PROSPECT
    assert list(ProposalDeadline.objects.values_list("pk", flat=True)) == [deadline.pk]


def test_the_pipeline_shows_the_board_table_and_usd_totals_with_the_rate_date(elgon):
    ExchangeRateFactory(currency="EUR", date=TODAY - datetime.timedelta(days=2), rate="0.8")
    ProposalFactory(title="Alpha", status=S.SUBMITTED, amount=Decimal("80000"), currency="EUR")
    ProposalFactory(title="Beta", status=S.SUBMITTED, amount=Decimal("20000"), currency="USD")
    client = _client(StaffUserFactory())

    board = client.get(reverse("mobilization:pipeline"))
    table = client.get(reverse("mobilization:pipeline"), {"view": "table", "status": "submitted"})

    assert board.status_code == table.status_code == 200
    submitted = next(c for c in board.context["pipeline"].columns if c.status == S.SUBMITTED)
    assert submitted.total.amount == Decimal("120000.00")
    assert [p.title for p in submitted.proposals] == ["Alpha", "Beta"]
    rate_day = (TODAY - datetime.timedelta(days=2)).strftime("%-d %b %Y")
    assert f"exchange rates of {rate_day}" in board.content.decode()
    assert [p.title for p in table.context["proposals"]] == ["Alpha", "Beta"]


def test_unknown_filter_values_are_ignored(elgon, proposal):
    response = _client(StaffUserFactory()).get(
        reverse("mobilization:pipeline"),
        {"status": "won", "donor": "not-a-uuid", "owner": "x", "window": "365", "view": "map"},
    )

    assert response.status_code == 200
    assert not response.context["filters"].active
    assert response.context["view"] == "board"


# --- hub staff pages: forms -------------------------------------------------------------


def test_staff_add_a_proposal_through_the_form(elgon):
    staff = StaffUserFactory()
    donor = DonorProspectFactory()

    response = _client(staff).post(
        reverse("mobilization:proposal-create"),
        {
            "title": "Agroforestry scale-up",
            "donor": donor.pk,
            "amount": "150000",
            "currency": "EUR",
            "owner": staff.pk,
            "submission_deadline": "2030-03-01",
            "decision_expected": "2030-06-01",
            "partnerships": [elgon.pk],
        },
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mobilization:proposal-detail", args=[proposal.uuid])
    assert (proposal.status, proposal.currency, list(proposal.partnerships.all())) == (
        S.PROSPECT,
        "EUR",
        [elgon],
    )


def test_a_refused_edit_shows_the_error_on_its_field_and_changes_nothing(proposal):
    staff = StaffUserFactory()

    response = _client(staff).post(
        reverse("mobilization:proposal-edit", args=[proposal.uuid]),
        {
            "title": "Renamed",
            "donor": proposal.donor.pk,
            "amount": "0",
            "currency": "USD",
            "owner": proposal.owner.pk,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == ["Enter an amount greater than zero."]
    proposal.refresh_from_db()
    assert (proposal.title, proposal.amount) == ("Catchment restoration", Decimal("250000.00"))


def test_staff_move_a_proposal_and_a_wrong_step_is_shown_on_the_page(proposal):
    client = _client(StaffUserFactory())
    url = reverse("mobilization:proposal-transition", args=[proposal.uuid])

    moved = client.post(url, {"to_status": S.IN_PREPARATION, "reason": "Call opened"})
    refused = client.post(url, {"to_status": S.AWARDED})

    assert moved.status_code == 302
    assert refused.status_code == 400
    assert "to_status" in refused.context["transition_form"].errors
    proposal.refresh_from_db()
    assert proposal.status == S.IN_PREPARATION


def test_staff_reopen_a_declined_proposal_with_a_reason(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status=S.DECLINED)
    client = _client(StaffUserFactory())
    url = reverse("mobilization:proposal-reopen", args=[proposal.uuid])

    empty = client.post(url, {"reason": ""})
    reopened = client.post(url, {"reason": "The donor reopened the call."})

    assert (empty.status_code, reopened.status_code) == (400, 302)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_staff_add_and_remove_an_extra_deadline(proposal):
    client = _client(StaffUserFactory())

    client.post(
        reverse("mobilization:deadline-add", args=[proposal.uuid]),
        {"name": "Concept note", "date": "2030-01-31"},
    )
    deadline = ProposalDeadline.objects.get()
    client.post(reverse("mobilization:deadline-delete", args=[proposal.uuid, deadline.uuid]))

    assert (deadline.name, deadline.date) == ("Concept note", datetime.date(2030, 1, 31))
    assert ProposalDeadline.objects.count() == 0


def test_staff_add_a_donor_prospect_and_archive_it():
    staff = StaffUserFactory()
    organization = OrganizationFactory(name="Rainforest Trust")
    client = _client(staff)

    created = client.post(
        reverse("mobilization:prospect-create"),
        {
            "organization": organization.pk,
            "status": "active",
            "focus_areas": ["restoration", "water"],
            "countries": ["KE"],
            "grant_min": "10000",
            "grant_max": "90000",
            "grant_currency": "USD",
            "relationship_owner": staff.pk,
        },
    )
    prospect = DonorProspect.objects.get()
    edited = client.post(
        reverse("mobilization:prospect-edit", args=[prospect.uuid]),
        {"status": "archived", "grant_currency": "USD", "grant_min": "5", "grant_max": "1"},
    )
    prospect.refresh_from_db()

    assert created.status_code == 302
    assert edited.status_code == 400  # the range is upside down: nothing changes
    assert (prospect.status, prospect.focus_areas) == ("active", ["restoration", "water"])


# --- hub staff pages: query counts ------------------------------------------------------


def _grow_proposals(count: int, partnership):
    def grow():
        for _n in range(count):
            proposal = ProposalFactory(partnerships=[partnership, PartnershipFactory()])
            ProposalDeadlineFactory(proposal=proposal)

    return grow


@pytest.mark.parametrize("view", ["board", "table"])
def test_the_pipeline_costs_the_same_queries_for_n_and_2n_proposals(elgon, view):
    client = _client(StaffUserFactory())
    _grow_proposals(3, elgon)()

    assert_constant_queries(
        lambda: client.get(reverse("mobilization:pipeline"), {"view": view}),
        _grow_proposals(3, elgon),
    )


def test_the_prospect_list_costs_the_same_queries_for_n_and_2n_donors():
    client = _client(StaffUserFactory())

    def grow():
        for _n in range(3):
            ProposalFactory(donor=DonorProspectFactory())

    grow()
    assert_constant_queries(lambda: client.get(reverse("mobilization:prospect-list")), grow)


# --- a partnership's read-only view -----------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("anonymous", 302),
        ("plain", 403),
        (Role.VIEWER, 403),
        (Role.FINANCE_OFFICER, 200),
        (Role.LEADER, 200),
        ("leader_other", 403),
        ("staff", 403),
    ],
)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_workspace_view_permissions(elgon, proposal, caller, status, page):
    url = (
        reverse("finance:mobilization", args=[elgon.slug])
        if page == "list"
        else reverse("finance:mobilization-proposal", args=[elgon.slug, proposal.uuid])
    )

    response = _client(_caller(caller, elgon)).get(url)

    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("caller", ["anonymous", "plain", "leader_other", "staff"])
def test_a_private_partnerships_workspace_view_is_404_for_outsiders(caller):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    ProposalFactory(partnerships=[private])

    response = _client(_caller(caller, private)).get(
        reverse("finance:mobilization", args=[private.slug])
    )

    assert response.status_code == (403 if caller == "staff" else 404)


def test_a_proposal_that_does_not_name_the_partnership_is_404(elgon):
    other = PartnershipFactory()
    theirs = ProposalFactory(partnerships=[other])
    leader = MembershipFactory(partnership=elgon, role=Role.LEADER).user

    response = _client(leader).get(
        reverse("finance:mobilization-proposal", args=[elgon.slug, theirs.uuid])
    )

    assert response.status_code == 404


def test_leaders_see_their_proposals_and_the_donors_approached_not_others_proposals(elgon):
    owner = StaffUserFactory(full_name="Lucía Fernández")
    ours = ProposalFactory(title="Our catchment", partnerships=[elgon], owner=owner)
    ProposalFactory(title="Someone else's pitch", partnerships=[PartnershipFactory()])
    DonorProspectFactory(organization=OrganizationFactory(name="Untouched Fund"))
    leader = MembershipFactory(partnership=elgon, role=Role.LEADER).user

    response = _client(leader).get(reverse("finance:mobilization", args=[elgon.slug]))

    html = response.content.decode()
    assert [p.title for p in response.context["proposals"]] == ["Our catchment"]
    assert "Someone else" not in html
    assert sorted(d.organization.name for d in response.context["donors"]) == sorted(
        [
            ours.donor.organization.name,
            Proposal.objects.exclude(pk=ours.pk).get().donor.organization.name,
        ]
    )
    assert "Untouched Fund" not in html
    assert "Lucía Fernández" in html


def test_the_workspace_view_costs_the_same_queries_for_n_and_2n_proposals(elgon):
    leader = MembershipFactory(partnership=elgon, role=Role.LEADER).user
    client = _client(leader)
    _grow_proposals(3, elgon)()

    assert_constant_queries(
        lambda: client.get(reverse("finance:mobilization", args=[elgon.slug])),
        _grow_proposals(3, elgon),
    )


# --- the coordination dashboard panel ---------------------------------------------------


def test_the_coordination_dashboard_shows_the_pipeline_per_status_in_usd(elgon):
    ExchangeRateFactory(currency="EUR", date=TODAY - datetime.timedelta(days=1), rate="0.8")
    ProposalFactory(
        status=S.SUBMITTED, amount=Decimal("40000"), currency="EUR", partnerships=[elgon]
    )
    ProposalFactory(status=S.SUBMITTED, amount=Decimal("50000.40"), currency="USD")

    rows = {row["label"]: row for row in mobilization_panel_rows()}
    response = _client(StaffUserFactory()).get(reverse("coordination:dashboard"))

    assert (rows["Submitted"]["value"], rows["Submitted"]["count"]) == (Decimal("100000"), 1)
    assert rows["Submitted"]["note"].startswith("2 proposals · rates of ")
    assert rows["Awarded"]["value"] == Decimal("0")
    assert "Resource mobilization pipeline" in response.content.decode()
