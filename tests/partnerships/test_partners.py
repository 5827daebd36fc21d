import datetime

import pytest
from django.urls import reverse

from hub.services import ApplicationError
from partnerships.models import PartnerContact, PartnerOrganization
from partnerships.roles import Role
from partnerships.services import partners as services
from tests.hub.factories import OrganizationFactory
from tests.partnerships.factories_governance import (
    PartnerContactFactory,
    PartnerOrganizationFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------


def test_partner_create_links_an_organization_with_role_dates_and_contribution(partnership):
    org = OrganizationFactory(name="Bungoma County Government")

    partner = services.partner_create(
        partnership=partnership,
        organization=org,
        role=PartnerOrganization.Role.GOVERNMENT,
        joined_on=datetime.date(2018, 1, 1),
        contribution="  Extension officers  ",
    )

    partner.refresh_from_db()
    assert (partner.partnership, partner.organization, partner.role) == (
        partnership, org, "government",
    )  # fmt: skip
    assert partner.contribution == "Extension officers"


def test_partner_create_refuses_the_same_organization_in_the_same_role(partnership):
    existing = PartnerOrganizationFactory(partnership=partnership, role="technical")

    with pytest.raises(ApplicationError) as error:
        services.partner_create(
            partnership=partnership, organization=existing.organization, role="technical"
        )

    assert error.value.field == "organization"
    assert "already a partner" in error.value.message
    assert PartnerOrganization.objects.count() == 1


def test_partner_create_allows_the_same_organization_in_another_role(partnership):
    existing = PartnerOrganizationFactory(partnership=partnership, role="technical")

    services.partner_create(
        partnership=partnership, organization=existing.organization, role="financial"
    )

    assert PartnerOrganization.objects.for_partnership(partnership).count() == 2


def test_partner_create_refuses_dates_out_of_order(partnership):
    with pytest.raises(ApplicationError) as error:
        services.partner_create(
            partnership=partnership,
            organization=OrganizationFactory(),
            role="technical",
            joined_on=datetime.date(2022, 5, 1),
            left_on=datetime.date(2021, 5, 1),
        )

    assert error.value.field == "left_on"
    assert PartnerOrganization.objects.count() == 0


def test_partner_update_refuses_a_duplicate_and_changes_nothing(partnership):
    first = PartnerOrganizationFactory(partnership=partnership, role="technical")
    second = PartnerOrganizationFactory(partnership=partnership, role="financial")

    with pytest.raises(ApplicationError):
        services.partner_update(
            partner=second, organization=first.organization, role="technical",
            joined_on=None, left_on=None, contribution="",
        )  # fmt: skip

    second.refresh_from_db()
    assert (second.organization_id, second.role) != (first.organization_id, "technical")


def test_partner_end_sets_the_end_date_and_refuses_one_before_the_start(partnership):
    partner = PartnerOrganizationFactory(
        partnership=partnership, joined_on=datetime.date(2020, 1, 1)
    )

    with pytest.raises(ApplicationError):
        services.partner_end(partner=partner, left_on=datetime.date(2019, 1, 1))
    partner.refresh_from_db()
    assert partner.left_on is None

    services.partner_end(partner=partner, left_on=datetime.date(2024, 6, 30))
    partner.refresh_from_db()
    assert partner.left_on == datetime.date(2024, 6, 30)


def test_contacts_are_added_in_the_partners_partnership_and_removed(partnership):
    partner = PartnerOrganizationFactory(partnership=partnership)

    contact = services.partner_contact_add(
        partner=partner, name=" Ann Were ", email="ann@example.org"
    )

    assert (contact.partnership_id, contact.name) == (partnership.pk, "Ann Were")
    services.partner_contact_remove(contact=contact)
    assert PartnerContact.objects.count() == 0


# --- pages ------------------------------------------------------------------------------


def test_partner_list_groups_current_partners_by_role_and_by_sector(client, member_factory):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    PartnerOrganizationFactory(
        partnership=p,
        role="government",
        organization=OrganizationFactory(name="County", type="government"),
    )
    PartnerOrganizationFactory(
        partnership=p,
        role="technical",
        organization=OrganizationFactory(name="Agroforestry NGO", type="ngo"),
    )
    PartnerOrganizationFactory(partnership=p, role="technical", left_on=datetime.date(2021, 1, 1),
                               organization=OrganizationFactory(name="Gone Ltd", type="ngo"))  # fmt: skip
    client.force_login(member.user)
    url = reverse("partnerships:partner-list", args=[p.slug])

    by_role = client.get(url)
    by_sector = client.get(url, {"by": "sector"})
    with_former = client.get(url, {"former": "1"})

    assert by_role.status_code == 200
    assert [(g.label, [x.organization.name for x in g.partners]) for g in by_role.context["groups"]] == [
        ("Technical", ["Agroforestry NGO"]), ("Government", ["County"]),
    ]  # fmt: skip
    assert [g.label for g in by_sector.context["groups"]] == ["NGO", "Government"]
    assert with_former.context["partner_count"] == 3
    assert b"Add partner" not in by_role.content  # a viewer may not edit


def test_partner_list_query_count_is_constant(client, member_factory):
    member = member_factory(Role.EDITOR)
    client.force_login(member.user)
    url = reverse("partnerships:partner-list", args=[member.partnership.slug])

    def grow():
        for _ in range(4):
            partner = PartnerOrganizationFactory(partnership=member.partnership)
            PartnerContactFactory(partner=partner, partnership=member.partnership)

    grow()
    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


def test_partner_create_page_shows_a_field_error_for_a_duplicate(client, member_factory):
    member = member_factory(Role.EDITOR)
    existing = PartnerOrganizationFactory(partnership=member.partnership, role="research")
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:partner-create", args=[member.partnership.slug]),
        {"organization": existing.organization.pk, "role": "research"},
    )

    assert response.status_code == 400
    assert "already a partner" in response.context["form"].errors["organization"][0]
    assert PartnerOrganization.objects.count() == 1


def test_partner_create_page_refuses_dates_out_of_order(client, member_factory):
    member = member_factory(Role.LEADER)
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:partner-create", args=[member.partnership.slug]),
        {
            "organization": OrganizationFactory().pk,
            "role": "research",
            "joined_on": "2024-01-10",
            "left_on": "2023-01-01",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["left_on"] == [
        "The end date must be on or after the start date."
    ]
    assert PartnerOrganization.objects.count() == 0


def test_partner_create_and_edit_pages_save_through_the_service(client, member_factory):
    member = member_factory(Role.EDITOR)
    org = OrganizationFactory()
    client.force_login(member.user)

    created = client.post(
        reverse("partnerships:partner-create", args=[member.partnership.slug]),
        {
            "organization": org.pk,
            "role": "community",
            "joined_on": "2019-02-01",
            "contribution": "Tree nurseries",
        },
    )
    partner = PartnerOrganization.objects.get()
    edit_url = reverse("partnerships:partner-edit", args=[member.partnership.slug, partner.uuid])
    page = client.get(edit_url)

    assert created.status_code == 302 and created["Location"] == edit_url
    assert (partner.partnership, partner.role) == (member.partnership, "community")
    assert page.status_code == 200 and b"Contact people" in page.content


def test_contacts_are_added_and_removed_inline_with_htmx(client, member_factory):
    member = member_factory(Role.EDITOR)
    partner = PartnerOrganizationFactory(partnership=member.partnership)
    client.force_login(member.user)
    slug = member.partnership.slug

    added = client.post(
        reverse("partnerships:partner-contact-add", args=[slug, partner.uuid]),
        {"name": "Ruth Nasimiyu", "email": "ruth@example.org"},
        HTTP_HX_REQUEST="true",
    )
    contact = PartnerContact.objects.get()
    invalid = client.post(
        reverse("partnerships:partner-contact-add", args=[slug, partner.uuid]),
        {"name": "", "email": "not-an-email"},
        HTTP_HX_REQUEST="true",
    )
    removed = client.post(
        reverse("partnerships:partner-contact-delete", args=[slug, contact.uuid]),
        HTTP_HX_REQUEST="true",
    )

    assert added.status_code == 200 and b"Ruth Nasimiyu" in added.content
    assert b'id="partner-contacts"' in added.content and b"<html" not in added.content
    assert invalid.status_code == 200 and b"Enter a valid email address." in invalid.content
    assert removed.status_code == 200 and b"Ruth Nasimiyu" not in removed.content
    assert PartnerContact.objects.count() == 0


# --- API --------------------------------------------------------------------------------


def api_url(partnership, partner=None):
    if partner is None:
        return reverse("api-v1:partner-list", args=[partnership.slug])
    return reverse("api-v1:partner-detail", args=[partnership.slug, partner.uuid])


def test_api_creates_updates_and_deletes_a_partner(client, member_factory):
    member = member_factory(Role.EDITOR)
    org = OrganizationFactory(type="research")
    client.force_login(member.user)

    created = client.post(
        api_url(member.partnership),
        {
            "organization": str(org.uuid),
            "role": "research",
            "joined_on": "2021-04-01",
            "partnership": "another-one",
        },
        content_type="application/json",
    )
    partner = PartnerOrganization.objects.get()
    patched = client.patch(
        api_url(member.partnership, partner), {"contribution": "Soil surveys"},
        content_type="application/json",
    )  # fmt: skip
    deleted = client.delete(api_url(member.partnership, partner))

    assert created.status_code == 201
    assert created.json()["uuid"] == str(partner.uuid)
    assert created.json()["organization"] == str(org.uuid)
    assert created.json()["sector"] == "research"
    assert "id" not in created.json() and "partnership" not in created.json()
    assert partner.partnership == member.partnership
    assert patched.status_code == 200 and patched.json()["contribution"] == "Soil surveys"
    assert patched.json()["joined_on"] == "2021-04-01"
    assert deleted.status_code == 204
    assert PartnerOrganization.objects.count() == 0


def test_api_duplicate_and_date_errors_are_field_errors(client, member_factory):
    member = member_factory(Role.LEADER)
    existing = PartnerOrganizationFactory(partnership=member.partnership, role="financial")
    client.force_login(member.user)

    duplicate = client.post(
        api_url(member.partnership),
        {"organization": str(existing.organization.uuid), "role": "financial"},
        content_type="application/json",
    )
    dates = client.post(
        api_url(member.partnership),
        {
            "organization": str(OrganizationFactory().uuid),
            "role": "financial",
            "joined_on": "2022-01-01",
            "left_on": "2020-01-01",
        },
        content_type="application/json",
    )

    assert duplicate.status_code == 400
    assert list(duplicate.json()["error"]["fields"]) == ["organization"]
    assert dates.status_code == 400
    assert list(dates.json()["error"]["fields"]) == ["left_on"]
    assert PartnerOrganization.objects.count() == 1


def test_api_list_filters_and_keeps_a_constant_query_count(client, member_factory):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    PartnerOrganizationFactory(partnership=p, role="government")
    client.force_login(member.user)

    filtered = client.get(api_url(p), {"role": "government"})

    def grow():
        for _ in range(3):
            partner = PartnerOrganizationFactory(partnership=p, role="technical")
            PartnerContactFactory(partner=partner, partnership=p)

    assert [row["role"] for row in filtered.json()["results"]] == ["government"]
    assert_constant_queries(lambda: client.get(api_url(p)), grow)
