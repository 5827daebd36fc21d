"""The partnerships admin for hub staff: every page loads, and the actions go through
the services."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from hub.models import Notification
from partnerships.models import (
    ActionItem,
    ApiKey,
    Decision,
    GovernanceBody,
    Invitation,
    JoinRequest,
    Meeting,
    Membership,
    PartnerOrganization,
    Partnership,
    ProcessStage,
    StageProgress,
)
from partnerships.roles import Role
from tests.hub.factories import UserFactory
from tests.hub.mfa import sign_in_with_second_factor
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory
from tests.partnerships.factories_governance import (
    ActionItemFactory,
    DecisionFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    PartnerOrganizationFactory,
    StageProgressFactory,
)
from tests.partnerships.factories_membership import InvitationFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    sign_in_with_second_factor(client, superuser)
    return client


def _rows(partnership):
    membership = MembershipFactory(partnership=partnership, role=Role.LEADER)
    return {
        Partnership: partnership,
        Membership: membership,
        Invitation: InvitationFactory(partnership=partnership),
        JoinRequest: JoinRequestFactory(partnership=partnership),
        PartnerOrganization: PartnerOrganizationFactory(partnership=partnership),
        GovernanceBody: GovernanceBodyFactory(partnership=partnership),
        Meeting: MeetingFactory(partnership=partnership),
        Decision: DecisionFactory(partnership=partnership),
        ActionItem: ActionItemFactory(partnership=partnership),
        ProcessStage: ProcessStage.objects.order_by("order").first(),
        StageProgress: StageProgressFactory(partnership=partnership),
        ApiKey: ApiKeyFactory(partnership=partnership, created_by=membership.user),
    }


def test_every_partnerships_model_of_the_issue_is_in_the_admin():
    registered = {m for m in admin.site._registry if m._meta.app_label == "partnerships"}

    assert {
        Partnership,
        Membership,
        Invitation,
        JoinRequest,
        PartnerOrganization,
        GovernanceBody,
        Meeting,
        Decision,
        ActionItem,
        ProcessStage,
        StageProgress,
        ApiKey,
    } <= registered


def test_changelists_and_change_forms_load(admin_client, partnership):
    rows = _rows(partnership)
    failures = []
    for model, row in rows.items():
        opts = model._meta
        changelist = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        change = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )
        if changelist.status_code != 200 or change.status_code != 200:
            failures.append(f"{opts.model_name}: {changelist.status_code}/{change.status_code}")
    assert failures == []


def test_secrets_are_not_shown(admin_client, partnership):
    rows = _rows(partnership)
    invitation, key = rows[Invitation], rows[ApiKey]

    invitation_page = admin_client.get(
        reverse("admin:partnerships_invitation_change", args=[invitation.pk])
    ).content.decode()
    key_page = admin_client.get(
        reverse("admin:partnerships_apikey_change", args=[key.pk])
    ).content.decode()

    assert invitation.token_hash not in invitation_page
    assert key.key_hash not in key_page
    assert key.prefix in key_page


def test_partnership_list_filters_and_search(admin_client):
    PartnershipFactory(name="Alto Mayo", countries=["PE"])
    PartnershipFactory(name="Mount Elgon", countries=["KE", "UG"])
    url = reverse("admin:partnerships_partnership_changelist")

    by_country = admin_client.get(url, {"country": "UG"})
    by_search = admin_client.get(url, {"q": "alto"})
    by_approval = admin_client.get(url, {"approval__exact": "proposed"})

    assert [p.name for p in by_country.context["cl"].result_list] == ["Mount Elgon"]
    assert [p.name for p in by_search.context["cl"].result_list] == ["Alto Mayo"]
    assert list(by_approval.context["cl"].result_list) == []


def test_staff_approve_a_proposal_and_the_proposer_is_notified(admin_client):
    proposer = UserFactory()
    proposed = PartnershipFactory(approval=Partnership.Approval.PROPOSED, proposed_by=proposer)
    already = PartnershipFactory(approval=Partnership.Approval.DECLINED)

    response = admin_client.post(
        reverse("admin:partnerships_partnership_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [proposed.pk, already.pk]},
        follow=True,
    )

    assert response.status_code == 200
    proposed.refresh_from_db()
    already.refresh_from_db()
    assert proposed.approval == Partnership.Approval.APPROVED
    assert already.approval == Partnership.Approval.DECLINED
    assert Notification.objects.filter(recipient=proposer).count() == 1
    shown = [str(m) for m in response.context["messages"]]
    assert any("already been decided" in m for m in shown)


def test_declining_asks_for_a_reason_first(admin_client):
    proposer = UserFactory()
    proposed = PartnershipFactory(approval=Partnership.Approval.PROPOSED, proposed_by=proposer)
    url = reverse("admin:partnerships_partnership_changelist")

    asked = admin_client.post(url, {"action": "decline", ACTION_CHECKBOX_NAME: [proposed.pk]})
    proposed.refresh_from_db()
    assert asked.status_code == 200
    assert "Reason given to the proposer" in asked.content.decode()
    assert proposed.approval == Partnership.Approval.PROPOSED

    admin_client.post(
        url,
        {
            "action": "decline",
            ACTION_CHECKBOX_NAME: [proposed.pk],
            "reason": "The landscape is already covered by another partnership.",
        },
    )
    proposed.refresh_from_db()
    assert proposed.approval == Partnership.Approval.DECLINED
    assert Notification.objects.filter(recipient=proposer).count() == 1


def test_staff_archive_partnerships(admin_client, partnership):
    admin_client.post(
        reverse("admin:partnerships_partnership_changelist"),
        {"action": "archive", ACTION_CHECKBOX_NAME: [partnership.pk]},
    )

    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ARCHIVED


def test_staff_edit_a_partnership_through_the_service(admin_client, partnership):
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form.initial.get(name) or ""
        for name in form.fields
        if name not in ("countries", "logo", "working_languages")
    }
    data.update(
        {
            "countries": ["KE"],
            "working_languages": '["en"]',
            "slug": "renamed-slug",
            "description": "<p>Hi</p><script>x()</script>",
            "year_established": "",
        }
    )
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    partnership.refresh_from_db()
    assert partnership.slug == "renamed-slug"
    assert partnership.description == "<p>Hi</p>"


def test_staff_revoke_api_keys(admin_client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    key = ApiKeyFactory(partnership=partnership, created_by=leader)

    admin_client.post(
        reverse("admin:partnerships_apikey_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [key.pk]},
    )

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert key.revoked_at <= timezone.now()


def test_process_stage_order_is_editable_in_the_list(admin_client):
    stages = list(ProcessStage.objects.order_by("order"))
    data = {
        "form-TOTAL_FORMS": str(len(stages)),
        "form-INITIAL_FORMS": str(len(stages)),
        "_save": "Save",
    }
    for i, stage in enumerate(stages):
        data[f"form-{i}-id"] = str(stage.pk)
        data[f"form-{i}-order"] = str(100 - i)
        data[f"form-{i}-is_active"] = "on"

    response = admin_client.post(reverse("admin:partnerships_processstage_changelist"), data)

    assert response.status_code == 302
    assert [s.pk for s in ProcessStage.objects.order_by("order")] == [
        s.pk for s in reversed(stages)
    ]
