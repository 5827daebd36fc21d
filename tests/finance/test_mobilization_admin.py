"""The admin of the resource mobilization pipeline: donor prospects are saved through the
services (same checks as the staff pages); proposals are read-only there."""

import pytest
from django.urls import reverse

from finance.models import DonorProspect
from tests.finance.factories_mobilization import ProposalFactory
from tests.hub.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.hub.mfa import sign_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_with_second_factor(client, StaffUserFactory(is_superuser=True))
    return client


def _prospect_form(organization, **overrides) -> dict:
    return {
        "organization": organization.pk,
        "status": "active",
        "focus_areas": "restoration,water",
        "countries": ["KE"],
        "grant_min": "1000",
        "grant_max": "5000",
        "grant_currency": "USD",
        "contact_name": "",
        "contact_email": "",
        "relationship_owner": "",
        "notes": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        **overrides,
    }


def test_the_admin_adds_a_prospect_through_the_service(admin_client):
    organization = OrganizationFactory(name="Rainforest Trust")

    response = admin_client.post(
        reverse("admin:finance_donorprospect_add"), _prospect_form(organization)
    )

    assert response.status_code == 302
    prospect = DonorProspect.objects.get()
    assert (prospect.organization, prospect.focus_areas) == (
        organization,
        ["restoration", "water"],
    )


def test_the_admin_refuses_what_the_service_refuses(admin_client):
    response = admin_client.post(
        reverse("admin:finance_donorprospect_add"),
        _prospect_form(OrganizationFactory(), grant_min="9000", grant_max="10"),
    )

    assert response.status_code == 200  # the form again, with the error
    assert DonorProspect.objects.count() == 0


def test_the_admin_shows_a_service_refusal_on_its_field(admin_client):
    plain = UserFactory()

    response = admin_client.post(
        reverse("admin:finance_donorprospect_add"),
        _prospect_form(OrganizationFactory(), relationship_owner=plain.pk),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["relationship_owner"] == [
        "The relationship owner must be an active hub staff member."
    ]
    assert DonorProspect.objects.count() == 0


def test_proposals_are_read_only_in_the_admin(admin_client):
    proposal = ProposalFactory()

    listing = admin_client.get(reverse("admin:finance_proposal_changelist"), {"q": "Proposal"})
    add = admin_client.get(reverse("admin:finance_proposal_add"))
    change = admin_client.post(
        reverse("admin:finance_proposal_change", args=[proposal.pk]), {"title": "Renamed"}
    )

    assert listing.status_code == 200
    assert proposal.title in listing.content.decode()
    assert add.status_code == 403
    assert change.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Renamed"
