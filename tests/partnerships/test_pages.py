"""The public profile, the workspace home (attention, activity, inline edit) and the
profile settings page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from partnerships.models import PartnerOrganization, Partnership
from partnerships.roles import Role
from partnerships.services.profile import partnership_update
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_governance import (
    ActionItemFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    PartnerOrganizationFactory,
)
from tests.partnerships.factories_membership import InvitationFactory, JoinRequestFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def image_upload(fmt: str = "PNG", name: str = "logo.png", size=(40, 40), content_type=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, (46, 107, 71)).save(buffer, format=fmt)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=content_type or f"image/{fmt.lower()}"
    )


def profile_post(partnership: Partnership, **overrides) -> dict:
    data = {
        "name": partnership.name,
        "short_description": partnership.short_description,
        "description": partnership.description,
        "shared_vision": partnership.shared_vision,
        "year_established": partnership.year_established or "",
        "status": partnership.status,
        "visibility": partnership.visibility,
        "join_policy": partnership.join_policy,
        "contact_email": partnership.contact_email,
        "website": partnership.website,
        "countries": [c.code for c in partnership.countries],
        "working_languages": list(partnership.working_languages),
    }
    data.update(overrides)
    return data


@pytest.fixture
def leader(partnership):
    return MembershipFactory(partnership=partnership, role=Role.LEADER).user


# --- public profile -------------------------------------------------------------------


def test_anonymous_reads_the_profile_of_a_public_partnership(client, partnership, leader):
    # given a public partnership with a rich description, partners and a body
    partnership = partnership_update(
        partnership=partnership,
        actor=leader,
        description="<p>We restore <strong>springs</strong>.</p><script>alert(1)</script>",
        shared_vision="Clear rivers all year.",
        year_established=2017,
        countries=["KE", "UG"],
        working_languages=["en", "sw"],
        contact_email="secretariat@example.org",
        website="https://elgon.example.org",
    )
    convening = OrganizationFactory(name="Elgon Conservancy", website="https://conservancy.org")
    PartnerOrganizationFactory(
        partnership=partnership, organization=convening, role=PartnerOrganization.Role.CONVENING
    )
    PartnerOrganizationFactory(
        partnership=partnership,
        organization=OrganizationFactory(name="County Water Office"),
        role=PartnerOrganization.Role.GOVERNMENT,
    )
    PartnerOrganizationFactory(
        partnership=partnership,
        organization=OrganizationFactory(name="Former Partner"),
        left_on=datetime.date(2021, 1, 1),
    )
    GovernanceBodyFactory(partnership=partnership, name="Steering committee")

    # when an anonymous visitor opens the profile
    response = client.get(reverse("partnerships:profile", args=[partnership.slug]))

    # then they see the profile, sanitized, with current partners grouped by role
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>We restore <strong>springs</strong>.</p>" in html
    assert "alert(1)" not in html
    assert "Clear rivers all year." in html
    assert "Kenya, Uganda" in html
    assert "English, Swahili" in html
    assert 'href="mailto:secretariat@example.org"' in html
    groups = [
        (g.label, [p.organization.name for p in g.partners])
        for g in response.context["partner_groups"]
    ]
    assert groups == [
        ("Convening / lead", ["Elgon Conservancy"]),
        ("Government", ["County Water Office"]),
    ]
    assert 'href="https://conservancy.org"' in html
    assert "Former Partner" not in html
    figures = response.context["figures"]
    assert (figures["members"], figures["partner_organizations"], figures["governance_bodies"]) == (
        1,
        2,
        1,
    )
    assert "Open the workspace" not in html


def test_the_profile_of_a_private_partnership_is_not_found_for_outsiders(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    url = reverse("partnerships:profile", args=[private.slug])

    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_members_see_the_profile_of_their_private_partnership(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    client.force_login(MembershipFactory(partnership=private, role=Role.VIEWER).user)

    response = client.get(reverse("partnerships:profile", args=[private.slug]))

    assert response.status_code == 200
    assert "Open the workspace" in response.content.decode()
    assert "Edit the profile" not in response.content.decode()


def test_a_proposed_partnership_is_not_public_yet(client):
    proposed = PartnershipFactory(approval=Partnership.Approval.PROPOSED)

    response = client.get(reverse("partnerships:profile", args=[proposed.slug]))

    assert response.status_code == 404


def test_profile_query_count_does_not_grow_with_partners(client, partnership):
    url = reverse("partnerships:profile", args=[partnership.slug])

    def grow():
        for role in (PartnerOrganization.Role.FINANCIAL, PartnerOrganization.Role.RESEARCH):
            PartnerOrganizationFactory.create_batch(3, partnership=partnership, role=role)
        GovernanceBodyFactory.create_batch(3, partnership=partnership)

    PartnerOrganizationFactory(partnership=partnership)
    assert_constant_queries(lambda: client.get(url), grow, max_queries=8)


# --- workspace home -------------------------------------------------------------------


def test_the_workspace_needs_a_membership(client, partnership):
    url = reverse("partnerships:workspace", args=[partnership.slug])

    anonymous = client.get(url)
    client.force_login(UserFactory())
    outsider = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert outsider.status_code == 403


def test_a_leader_sees_what_needs_attention(client, partnership, leader):
    # given requests, invitations and action items
    today = timezone.localdate()
    JoinRequestFactory.create_batch(2, partnership=partnership)
    InvitationFactory(partnership=partnership)
    InvitationFactory(
        partnership=partnership, expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    ActionItemFactory(partnership=partnership, due_date=today - datetime.timedelta(days=3))
    ActionItemFactory(
        partnership=partnership, owner=leader, title="Send the minutes", due_date=today
    )
    ActionItemFactory(
        partnership=partnership,
        owner=leader,
        title="Far away",
        due_date=today + datetime.timedelta(days=30),
    )
    ActionItemFactory(
        partnership=partnership,
        owner=leader,
        title="Already done",
        due_date=today,
        status="done",
    )
    ActionItemFactory(partnership=PartnershipFactory(), due_date=today - datetime.timedelta(days=3))
    client.force_login(leader)

    # when the leader opens the workspace
    response = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    # then the counts and their own due item are there
    attention = response.context["attention"]
    assert attention.pending_join_requests == 2
    assert attention.pending_invitations == 1
    assert attention.overdue_action_items == 1
    assert [item.title for item in attention.my_action_items] == ["Send the minutes"]
    html = response.content.decode()
    assert "requests to join wait for a decision" in html
    assert "Send the minutes" in html


def test_a_viewer_sees_only_their_own_action_items(client, partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    JoinRequestFactory(partnership=partnership)
    ActionItemFactory(
        partnership=partnership,
        owner=viewer,
        title="Collect rainfall data",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(viewer)

    response = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    attention = response.context["attention"]
    assert attention.pending_join_requests == 0
    assert [i.title for i in attention.my_action_items] == ["Collect rainfall data"]
    assert attention.my_action_items[0].is_overdue is True
    assert "requests to join" not in response.content.decode()


def test_activity_shows_a_change_and_never_another_partnerships_events(client, partnership, leader):
    # given a change in another partnership
    other = PartnershipFactory()
    MeetingFactory(partnership=other, title="Secret meeting elsewhere")
    client.force_login(leader)

    # when the leader changes the profile through the settings page
    response = client.post(
        reverse("partnerships:settings-profile", args=[partnership.slug]),
        profile_post(partnership, name="Mount Elgon Partnership"),
    )
    assert response.status_code == 302
    workspace = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    # then an entry says who changed what (events of one transaction share a time, so
    # the test does not rely on the order), and nothing of the other partnership shows
    entries = workspace.context["activity"]
    changes = [
        e for e in entries if e.model_label == "partnerships.Partnership" and e.label == "update"
    ]
    assert [(e.actor, e.text) for e in changes] == [
        (leader, f"{leader.get_full_name()} changed the partnership “Mount Elgon Partnership”")
    ]
    html = workspace.content.decode()
    assert "changed the partnership “Mount Elgon Partnership”" in html
    assert "Secret meeting elsewhere" not in html
    assert all(e.subject != "Secret meeting elsewhere" for e in entries)


def test_activity_is_the_newest_fifteen(client, partnership, leader):
    for n in range(20):
        MeetingFactory(partnership=partnership, title=f"Meeting {n:02d}", body=None)
    client.force_login(leader)

    response = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    entries = response.context["activity"]
    assert len(entries) == 15
    assert [e.created_at for e in entries] == sorted((e.created_at for e in entries), reverse=True)


def test_workspace_query_count_is_constant(client, partnership, leader):
    client.force_login(leader)
    url = reverse("partnerships:workspace", args=[partnership.slug])
    today = timezone.localdate()

    def grow():
        MembershipFactory.create_batch(3, partnership=partnership)
        MeetingFactory.create_batch(3, partnership=partnership)
        JoinRequestFactory.create_batch(2, partnership=partnership)
        InvitationFactory.create_batch(2, partnership=partnership)
        ActionItemFactory.create_batch(3, partnership=partnership, owner=leader, due_date=today)
        PartnerOrganizationFactory.create_batch(2, partnership=partnership)

    ActionItemFactory(partnership=partnership, owner=leader, due_date=today)
    assert_constant_queries(lambda: client.get(url), grow, max_queries=12)


# --- inline edit of the short description ---------------------------------------------


def test_leader_edits_the_short_description_inline(client, partnership, leader):
    client.force_login(leader)
    url = reverse("partnerships:workspace-short-description", args=[partnership.slug])

    form = client.get(url, headers={"HX-Request": "true"})
    saved = client.post(
        url, {"short_description": "  Farmers restoring springs.  "}, headers={"HX-Request": "true"}
    )

    assert form.status_code == 200
    assert '<form id="short-description"' in form.content.decode()
    assert saved.status_code == 200
    assert "Farmers restoring springs." in saved.content.decode()
    assert "<form" not in saved.content.decode()
    partnership.refresh_from_db()
    assert partnership.short_description == "Farmers restoring springs."


def test_inline_edit_refuses_a_too_long_text(client, partnership, leader):
    client.force_login(leader)
    before = partnership.short_description

    response = client.post(
        reverse("partnerships:workspace-short-description", args=[partnership.slug]),
        {"short_description": "x" * 301},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.short_description == before


def test_an_editor_cannot_edit_the_short_description(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)
    before = partnership.short_description

    response = client.post(
        reverse("partnerships:workspace-short-description", args=[partnership.slug]),
        {"short_description": "Changed"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 403
    partnership.refresh_from_db()
    assert partnership.short_description == before


def test_without_htmx_the_inline_edit_leads_to_the_settings_page(client, partnership, leader):
    client.force_login(leader)

    response = client.get(
        reverse("partnerships:workspace-short-description", args=[partnership.slug])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:settings-profile", args=[partnership.slug])


# --- profile settings -----------------------------------------------------------------


def test_leader_saves_the_profile(client, partnership, leader):
    client.force_login(leader)
    url = reverse("partnerships:settings-profile", args=[partnership.slug])

    response = client.post(
        url,
        profile_post(
            partnership,
            name="Mount Elgon Landscape Partnership",
            description="First paragraph.\n\nSecond one.",
            year_established="2017",
            countries=["KE", "UG"],
            working_languages=["en", "sw"],
            join_policy=Partnership.JoinPolicy.OPEN,
            logo=image_upload("WEBP", name="whatever.bin", content_type="application/octet-stream"),
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    partnership.refresh_from_db()
    assert partnership.name == "Mount Elgon Landscape Partnership"
    assert partnership.year_established == 2017
    assert [c.code for c in partnership.countries] == ["KE", "UG"]
    assert partnership.working_languages == ["en", "sw"]
    assert partnership.join_policy == Partnership.JoinPolicy.OPEN
    assert partnership.logo.name.endswith(".webp")
    # plain text became paragraphs
    assert partnership.description == "<p>First paragraph.</p><p>Second one.</p>"


def test_slug_approval_and_proposer_cannot_be_posted(client, partnership, leader):
    client.force_login(leader)
    proposer = partnership.proposed_by

    response = client.post(
        reverse("partnerships:settings-profile", args=[partnership.slug]),
        {
            **profile_post(partnership, short_description="New words"),
            "slug": "hijacked",
            "approval": Partnership.Approval.DECLINED,
            "proposed_by": str(leader.pk),
        },
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.short_description == "New words"
    assert partnership.slug.startswith("partnership-")
    assert partnership.approval == Partnership.Approval.APPROVED
    assert partnership.proposed_by == proposer


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            lambda: image_upload("GIF", name="logo.png", content_type="image/png"),
            "The logo must be a PNG, JPEG or WebP image.",
        ),
        (
            lambda: SimpleUploadedFile("logo.png", b"not an image at all", "image/png"),
            "The logo must be a PNG, JPEG or WebP image.",
        ),
        (
            lambda: SimpleUploadedFile(
                "logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "image/png"
            ),
            "The logo must be at most 2 MB.",
        ),
    ],
    ids=["gif-named-png", "not-an-image", "too-large"],
)
def test_a_bad_logo_is_a_field_error_and_nothing_is_saved(
    client, partnership, leader, upload, message
):
    client.force_login(leader)
    before = (partnership.name, partnership.logo.name)

    response = client.post(
        reverse("partnerships:settings-profile", args=[partnership.slug]),
        profile_post(partnership, name="Renamed", logo=upload()),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [message]}
    partnership.refresh_from_db()
    assert (partnership.name, partnership.logo.name) == before


def test_settings_form_errors_are_shown_and_nothing_is_saved(client, partnership, leader):
    client.force_login(leader)
    before = partnership.name

    response = client.post(
        reverse("partnerships:settings-profile", args=[partnership.slug]),
        profile_post(partnership, name="", contact_email="not-an-email", status="unknown"),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "contact_email", "status"}
    assert "The profile was not saved" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.name == before


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.MEL_OFFICER])
def test_only_leaders_open_the_profile_settings(client, partnership, role):
    client.force_login(MembershipFactory(partnership=partnership, role=role).user)

    response = client.get(reverse("partnerships:settings-profile", args=[partnership.slug]))

    assert response.status_code == 403


def test_service_refuses_protected_fields(partnership, leader):
    from hub.services import ApplicationError

    with pytest.raises(ApplicationError):
        partnership_update(partnership=partnership, actor=leader, slug="other")

    partnership.refresh_from_db()
    assert partnership.slug.startswith("partnership-")


def test_leader_removes_the_logo(client, partnership, leader):
    partnership = partnership_update(partnership=partnership, actor=leader, logo=image_upload())
    assert partnership.logo
    client.force_login(leader)

    response = client.post(
        reverse("partnerships:settings-profile", args=[partnership.slug]),
        profile_post(partnership, remove_logo="on"),
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.logo.name == ""


def test_a_paragraph_description_is_edited_as_plain_text(client, partnership, leader):
    partnership = partnership_update(
        partnership=partnership, actor=leader, description="Water & soil.\n\nSecond."
    )
    client.force_login(leader)
    url = reverse("partnerships:settings-profile", args=[partnership.slug])

    form = client.get(url).context["form"]
    saved = client.post(url, profile_post(partnership, description=form.initial["description"]))

    assert form.initial["description"] == "Water & soil.\n\nSecond."
    assert saved.status_code == 302
    partnership.refresh_from_db()
    assert partnership.description == "<p>Water &amp; soil.</p><p>Second.</p>"


def test_one_organization_in_two_roles_counts_once(partnership):
    from partnerships.selectors import partnership_key_figures

    organization = OrganizationFactory()
    for role in (PartnerOrganization.Role.CONVENING, PartnerOrganization.Role.FINANCIAL):
        PartnerOrganizationFactory(partnership=partnership, organization=organization, role=role)

    figures = partnership_key_figures(partnership=partnership)

    assert (figures["partners"], figures["partner_organizations"]) == (2, 1)


def test_joining_reads_as_the_persons_own_action(client, partnership, leader):
    import pghistory

    newcomer = UserFactory(full_name="Grace Nekesa")
    with pghistory.context(user=newcomer.pk):
        JoinRequestFactory(partnership=partnership, user=newcomer)
    client.force_login(leader)

    response = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    texts = [entry.text for entry in response.context["activity"]]
    assert "Grace Nekesa asked to join the partnership" in texts


def test_activity_groups_a_run_of_unnamed_rows_into_one_entry(partnership):
    import datetime

    from partnerships.selectors import partnership_activity
    from tests.mel.factories import IndicatorFactory, ResultFactory, TargetFactory

    indicator = IndicatorFactory(result=ResultFactory(framework__partnership=partnership))
    for month in range(1, 13):
        start = datetime.date(2025, month, 1)
        TargetFactory(indicator=indicator, period_start=start, period_end=start)

    entries = partnership_activity(partnership=partnership)

    targets = [e for e in entries if e.model_label == "mel.Target"]
    assert [e.count for e in targets] == [12]
    assert targets[0].text == "12 targets added by Landscape Hub"
