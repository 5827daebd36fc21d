import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import ActionItem, Decision, GovernanceBody, Meeting
from partnerships.roles import Role
from tests.partnerships.factories_governance import (
    ActionItemFactory,
    BodyMemberFactory,
    DecisionFactory,
    GovernanceBodyFactory,
    MeetingFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def url(name, partnership, *args):
    return reverse(f"api-v1:{name}", args=[partnership.slug, *args])


@pytest.fixture
def editor(client, member_factory):
    member = member_factory(Role.EDITOR)
    client.force_login(member.user)
    return member


def test_body_create_update_delete(client, editor):
    p = editor.partnership

    created = client.post(url("governance-body-list", p),
                          {"name": "Steering committee", "kind": "steering_committee"},
                          content_type="application/json")  # fmt: skip
    body = GovernanceBody.objects.get()
    duplicate = client.post(url("governance-body-list", p), {"name": "Steering committee",
                            "kind": "other"}, content_type="application/json")  # fmt: skip
    patched = client.patch(url("governance-body-detail", p, body.uuid), {"is_active": False},
                           content_type="application/json")  # fmt: skip
    deleted = client.delete(url("governance-body-detail", p, body.uuid))

    assert created.status_code == 201 and created.json()["uuid"] == str(body.uuid)
    assert body.partnership == p
    assert duplicate.status_code == 400 and list(duplicate.json()["error"]["fields"]) == ["name"]
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    assert patched.json()["name"] == "Steering committee"
    assert deleted.status_code == 204 and GovernanceBody.objects.count() == 0


def test_meeting_create_with_body_and_attendees_by_uuid(client, editor):
    p = editor.partnership
    body = GovernanceBodyFactory(partnership=p)

    response = client.post(
        url("governance-meeting-list", p),
        {
            "title": "AGM",
            "starts_at": "2025-09-01T09:00:00Z",
            "body": str(body.uuid),
            "attendees": [str(editor.user.uuid)],
            "minutes": "<p>ok</p><script>x</script>",
        },
        content_type="application/json",
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 201
    assert response.json()["body"] == str(body.uuid)
    assert response.json()["attendees"] == [str(editor.user.uuid)]
    assert meeting.minutes == "<p>ok</p>"


@pytest.mark.parametrize(
    "endpoint, payload_of",
    [
        ("governance-meeting-list", lambda o: {"title": "X", "starts_at": "2025-09-01T09:00:00Z",
                                                "body": str(GovernanceBodyFactory(partnership=o).uuid)}),
        ("governance-decision-list", lambda o: {"title": "X", "decided_on": "2025-01-01",
                                                 "meeting": str(MeetingFactory(partnership=o).uuid)}),
        ("governance-action-item-list", lambda o: {"title": "X",
                                                    "decision": str(DecisionFactory(partnership=o).uuid)}),
    ],
)  # fmt: skip
def test_a_uuid_of_another_partnership_in_a_payload_is_a_field_error(
    client, editor, other_partnership, endpoint, payload_of
):
    payload = payload_of(other_partnership)
    field = next(k for k in ("body", "meeting", "decision") if k in payload)
    before = (Meeting.objects.count(), Decision.objects.count(), ActionItem.objects.count())

    response = client.post(
        url(endpoint, editor.partnership), payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert (Meeting.objects.count(), Decision.objects.count(), ActionItem.objects.count()) == before


def test_action_item_owner_outside_the_partnership_is_refused(client, editor, other_partnership):
    from tests.partnerships.factories import MembershipFactory

    stranger = MembershipFactory(partnership=other_partnership).user

    response = client.post(url("governance-action-item-list", editor.partnership),
                           {"title": "X", "owner": str(stranger.uuid)},
                           content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["owner"]
    assert ActionItem.objects.count() == 0


def test_action_item_update_to_done_sets_completed_at_and_delete(client, editor):
    p = editor.partnership
    item = ActionItemFactory(partnership=p, owner=editor.user)

    patched = client.patch(url("governance-action-item-detail", p, item.uuid), {"status": "done"},
                           content_type="application/json")  # fmt: skip
    put_missing = client.put(url("governance-action-item-detail", p, item.uuid), {"status": "open"},
                             content_type="application/json")  # fmt: skip
    deleted = client.delete(url("governance-action-item-detail", p, item.uuid))

    assert patched.status_code == 200 and patched.json()["completed_at"] is not None
    assert patched.json()["owner"] == str(editor.user.uuid)
    assert put_missing.status_code == 400 and "title" in put_missing.json()["error"]["fields"]
    assert deleted.status_code == 204 and ActionItem.objects.count() == 0


def test_decision_update_refuses_a_meeting_of_another_partnership(
    client, editor, other_partnership
):
    decision = DecisionFactory(partnership=editor.partnership, title="Keep")
    foreign = MeetingFactory(partnership=other_partnership)

    response = client.patch(url("governance-decision-detail", editor.partnership, decision.uuid),
                            {"title": "Changed", "meeting": str(foreign.uuid)},
                            content_type="application/json")  # fmt: skip

    decision.refresh_from_db()
    assert response.status_code == 400 and decision.title == "Keep" and decision.meeting is None


def test_action_items_filter_by_status_and_owner(client, editor):
    p = editor.partnership
    mine = ActionItemFactory(partnership=p, owner=editor.user, status="in_progress")
    ActionItemFactory(partnership=p, status="open")
    ActionItemFactory(partnership=p, owner=editor.user, status="done")

    response = client.get(url("governance-action-item-list", p),
                          {"owner": str(editor.user.uuid), "status": ["open", "in_progress"]})  # fmt: skip

    assert [row["uuid"] for row in response.json()["results"]] == [str(mine.uuid)]


def test_meetings_ordering_by_starts_at(client, editor):
    p = editor.partnership
    later = MeetingFactory(partnership=p, starts_at=timezone.now() + datetime.timedelta(days=9))
    sooner = MeetingFactory(partnership=p, starts_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get(url("governance-meeting-list", p), {"ordering": "starts_at"})

    assert [row["uuid"] for row in response.json()["results"]] == [
        str(sooner.uuid),
        str(later.uuid),
    ]


@pytest.mark.parametrize(
    "endpoint",
    ["governance-body-list", "governance-meeting-list", "governance-decision-list",
     "governance-action-item-list"],
)  # fmt: skip
def test_list_endpoints_keep_a_constant_query_count(client, member_factory, endpoint):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    client.force_login(member.user)

    def grow():
        for _ in range(3):
            body = GovernanceBodyFactory(partnership=p)
            BodyMemberFactory(
                body=body, partnership=p, user=member_factory(Role.VIEWER).user, name=""
            )
            meeting = MeetingFactory(partnership=p, body=body)
            meeting.attendees.add(member.user)
            decision = DecisionFactory(partnership=p, meeting=meeting, body=body)
            ActionItemFactory(partnership=p, owner=member.user, meeting=meeting, decision=decision)

    grow()
    client.get(url(endpoint, p))  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url(endpoint, p)), grow)


def test_viewer_may_read_but_not_write(client, member_factory):
    member = member_factory(Role.VIEWER)
    client.force_login(member.user)

    read = client.get(url("governance-body-list", member.partnership))
    write = client.post(url("governance-body-list", member.partnership),
                        {"name": "X", "kind": "other"}, content_type="application/json")  # fmt: skip

    assert (read.status_code, write.status_code) == (200, 403)
    assert GovernanceBody.objects.count() == 0
