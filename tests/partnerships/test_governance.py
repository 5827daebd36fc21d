import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hub.models import Notification
from hub.services import ApplicationError
from partnerships.models import (
    ActionItem,
    ActionItemReminder,
    BodyMember,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
)
from partnerships.roles import Role
from partnerships.services import governance as services
from partnerships.tasks import action_item_reminders_task
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.partnerships.factories_governance import (
    ActionItemFactory,
    BodyMemberFactory,
    DecisionFactory,
    GovernanceBodyFactory,
    MeetingFactory,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------


def test_body_names_are_unique_within_a_partnership(partnership, other_partnership):
    services.body_create(
        partnership=partnership, name="Steering committee", kind="steering_committee"
    )
    services.body_create(
        partnership=other_partnership, name="Steering committee", kind="steering_committee"
    )

    with pytest.raises(ApplicationError) as error:
        services.body_create(partnership=partnership, name="steering COMMITTEE", kind="other")

    assert error.value.field == "name"
    assert GovernanceBody.objects.for_partnership(partnership).count() == 1


def test_a_seat_is_a_member_of_the_partnership_or_a_named_person(partnership, member_factory):
    body = GovernanceBodyFactory(partnership=partnership)
    member = member_factory(Role.EDITOR)
    outsider = UserFactory()
    org = OrganizationFactory()

    seat = services.body_member_add(body=body, user=member.user, position="chair")
    named = services.body_member_add(body=body, name="Chief Wafula", organization=org)
    with pytest.raises(ApplicationError) as not_member:
        services.body_member_add(body=body, user=outsider)
    with pytest.raises(ApplicationError) as nobody:
        services.body_member_add(body=body)
    with pytest.raises(ApplicationError) as twice:
        services.body_member_add(body=body, user=member.user)

    assert (seat.partnership_id, seat.position) == (partnership.pk, "chair")
    assert (named.name, named.organization) == ("Chief Wafula", org)
    assert (not_member.value.field, nobody.value.field, twice.value.field) == (
        "user",
        "user",
        "user",
    )
    assert BodyMember.objects.count() == 2


def test_meeting_minutes_are_sanitized_and_attendees_must_be_members(partnership, member_factory):
    member = member_factory(Role.VIEWER)

    meeting = services.meeting_create(
        partnership=partnership,
        title="Quarterly steering meeting",
        starts_at=timezone.now(),
        minutes='<p onclick="x()">Agreed <b>budget</b></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a>',
        attendees=[member.user],
    )
    with pytest.raises(ApplicationError) as error:
        services.meeting_create(
            partnership=partnership, title="X", starts_at=timezone.now(), attendees=[UserFactory()]
        )

    assert (
        meeting.minutes
        == '<p>Agreed <b>budget</b></p><a rel="noopener noreferrer nofollow">bad</a>'
    )
    assert list(meeting.attendees.all()) == [member.user]
    assert error.value.field == "attendees"
    assert Meeting.objects.count() == 1


def test_meeting_refuses_a_body_of_another_partnership(partnership, other_partnership):
    foreign = GovernanceBodyFactory(partnership=other_partnership)

    with pytest.raises(ApplicationError) as error:
        services.meeting_create(
            partnership=partnership, title="X", starts_at=timezone.now(), body=foreign
        )

    assert error.value.field == "body"
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    "name, content_type, size, message",
    [
        ("minutes.exe", "application/octet-stream", 10, "not accepted"),
        ("minutes.pdf", "text/html", 10, "does not match"),
        ("minutes.pdf", "application/pdf", 10 * 1024 * 1024 + 1, "at most 10 MB"),
    ],
)
def test_attachments_are_checked_for_type_and_size(partnership, name, content_type, size, message):
    meeting = MeetingFactory(partnership=partnership)
    upload = SimpleUploadedFile(name, b"x" * size, content_type=content_type)

    with pytest.raises(ApplicationError) as error:
        services.meeting_attachment_add(meeting=meeting, title="Minutes", file=upload)

    assert error.value.field == "file" and message in error.value.message
    assert MeetingAttachment.objects.count() == 0


def test_an_accepted_attachment_is_stored_in_the_meetings_partnership(partnership):
    meeting = MeetingFactory(partnership=partnership)
    upload = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4", content_type="application/pdf")

    attachment = services.meeting_attachment_add(meeting=meeting, title="", file=upload)

    assert (attachment.partnership_id, attachment.title) == (partnership.pk, "agenda.pdf")


def test_action_item_owner_must_be_a_member(partnership, member_factory):
    member = member_factory(Role.VIEWER)

    item = services.action_item_create(
        partnership=partnership, title="Map springs", owner=member.user
    )
    with pytest.raises(ApplicationError) as error:
        services.action_item_create(partnership=partnership, title="X", owner=UserFactory())

    assert item.owner == member.user
    assert error.value.field == "owner"
    assert error.value.message == "The owner must be a member of the partnership."
    assert ActionItem.objects.count() == 1


def test_done_sets_completed_at_and_reopening_clears_it(partnership):
    item = ActionItemFactory(partnership=partnership)

    services.action_item_set_status(item=item, status="done")
    item.refresh_from_db()
    completed_at = item.completed_at
    services.action_item_set_status(item=item, status="done")
    item.refresh_from_db()
    assert completed_at is not None and item.completed_at == completed_at

    services.action_item_set_status(item=item, status="in_progress")
    item.refresh_from_db()
    assert item.completed_at is None


# --- reminders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days_until_due, expected",
    [(4, None), (3, ("upcoming", 0)), (0, ("upcoming", 0)), (-1, ("overdue", 1)),
     (-7, ("overdue", 1)), (-8, ("overdue", 8)), (-15, ("overdue", 15))],
)  # fmt: skip
def test_reminder_schedule(days_until_due, expected):
    today = datetime.date(2025, 6, 10)
    item = ActionItem(due_date=today + datetime.timedelta(days=days_until_due))

    due = services.reminder_due(item, today)

    if expected is None:
        assert due is None
    else:
        kind, days_after_due = expected
        assert due == (kind, item.due_date + datetime.timedelta(days=days_after_due))


def test_reminders_task_notifies_once_and_never_for_done_items(
    partnership, member_factory, celery_eager, django_capture_on_commit_callbacks
):
    owner = member_factory(Role.EDITOR).user
    today = timezone.localdate()
    due_soon = ActionItemFactory(
        partnership=partnership,
        owner=owner,
        title="Book the venue",
        due_date=today + datetime.timedelta(days=3),
    )
    ActionItemFactory(
        partnership=partnership,
        owner=owner,
        status="done",
        due_date=today - datetime.timedelta(days=1),
    )
    ActionItemFactory(partnership=partnership, owner=owner, due_date=today + datetime.timedelta(days=9))  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        first = action_item_reminders_task.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = action_item_reminders_task.delay().get()

    assert (first, second) == (1, 0)
    assert list(Notification.objects.values_list("recipient", "kind", "title")) == [
        (owner.pk, "governance", "Action item due soon: Book the venue")
    ]
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert list(ActionItemReminder.objects.values_list("action_item", "kind", "for_date")) == [
        (due_soon.pk, "upcoming", due_soon.due_date)
    ]


def test_overdue_reminder_is_sent_on_the_first_day_overdue(partnership, member_factory):
    owner = member_factory(Role.EDITOR).user
    today = datetime.date(2025, 6, 10)
    item = ActionItemFactory(
        partnership=partnership, owner=owner, due_date=datetime.date(2025, 6, 9)
    )

    sent = services.action_item_reminders_send(today=today)
    again = services.action_item_reminders_send(today=today + datetime.timedelta(days=3))
    week_later = services.action_item_reminders_send(today=today + datetime.timedelta(days=7))

    assert (sent, again, week_later) == (1, 0, 1)
    assert list(ActionItemReminder.objects.order_by("for_date").values_list("kind", "for_date")) == [
        ("overdue", datetime.date(2025, 6, 10)), ("overdue", datetime.date(2025, 6, 17)),
    ]  # fmt: skip
    assert Notification.objects.filter(recipient=owner).count() == 2
    assert item.pk == ActionItemReminder.objects.first().action_item_id


# --- pages ------------------------------------------------------------------------------


def test_overview_shows_bodies_meetings_decisions_and_overdue_items(client, member_factory):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    body = GovernanceBodyFactory(partnership=p, name="Steering committee")
    BodyMemberFactory(body=body, partnership=p, name="Chief Wafula")
    MeetingFactory(partnership=p, body=body, title="Next steering meeting")
    MeetingFactory(partnership=p, body=body, title="Last steering meeting",
                   starts_at=timezone.now() - datetime.timedelta(days=30))  # fmt: skip
    DecisionFactory(partnership=p, title="Adopt the landscape plan")
    ActionItemFactory(
        partnership=p,
        title="Send minutes",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    client.force_login(member.user)

    response = client.get(reverse("partnerships:governance", args=[p.slug]))

    content = response.content.decode()
    assert response.status_code == 200
    for text in ("Steering committee", "Chief Wafula", "Next steering meeting",
                 "Last steering meeting", "Adopt the landscape plan", "Send minutes", "1 overdue"):  # fmt: skip
        assert text in content
    assert [m.title for m in response.context["upcoming_meetings"]] == ["Next steering meeting"]
    assert [m.title for m in response.context["past_meetings"]] == ["Last steering meeting"]
    assert "bg-danger-subtle" in content
    assert "New meeting" not in content


def test_overview_query_count_is_constant(client, member_factory):
    member = member_factory(Role.EDITOR)
    p = member.partnership
    client.force_login(member.user)
    url = reverse("partnerships:governance", args=[p.slug])

    def grow():
        body = GovernanceBodyFactory(partnership=p)
        BodyMemberFactory(body=body, partnership=p, user=member_factory(Role.VIEWER).user, name="")
        BodyMemberFactory(body=body, partnership=p, organization=OrganizationFactory())
        MeetingFactory(partnership=p, body=body)
        MeetingFactory(
            partnership=p, body=body, starts_at=timezone.now() - datetime.timedelta(days=3)
        )
        DecisionFactory(partnership=p, body=body)
        ActionItemFactory(partnership=p, owner=member.user)

    grow()
    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


@pytest.mark.parametrize("name", ["meeting-list", "decision-list", "action-list"])
def test_list_pages_query_count_is_constant(client, member_factory, name):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    client.force_login(member.user)
    url = reverse(f"partnerships:{name}", args=[p.slug])

    def grow():
        meeting = MeetingFactory(partnership=p)
        DecisionFactory(partnership=p, meeting=meeting, body=meeting.body)
        ActionItemFactory(partnership=p, owner=member.user, meeting=meeting)

    grow()
    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


def test_action_item_form_refuses_an_owner_outside_the_partnership(client, member_factory):
    member = member_factory(Role.EDITOR)
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:action-create", args=[member.partnership.slug]),
        {"title": "Survey springs", "owner": UserFactory().pk, "status": "open"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == [
        "The owner must be a member of the partnership."
    ]
    assert ActionItem.objects.count() == 0


def test_meeting_pages_create_and_render_sanitized_minutes(client, member_factory):
    member = member_factory(Role.EDITOR)
    p = member.partnership
    client.force_login(member.user)

    created = client.post(
        reverse("partnerships:meeting-create", args=[p.slug]),
        {
            "title": "Water committee",
            "starts_at": "2025-07-01T10:00",
            "minutes": "<p>OK</p><script>alert(1)</script>",
            "attendees": [member.user.pk],
        },
    )
    meeting = Meeting.objects.get()
    page = client.get(reverse("partnerships:meeting-detail", args=[p.slug, meeting.uuid]))

    assert created.status_code == 302
    assert page.status_code == 200
    assert "<p>OK</p>" in page.content.decode() and "alert(1)" not in page.content.decode()


def test_meeting_form_errors_are_shown(client, member_factory):
    member = member_factory(Role.EDITOR)
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:meeting-create", args=[member.partnership.slug]),
        {"title": "", "starts_at": "not a date"},
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "starts_at"}
    assert Meeting.objects.count() == 0


def test_attachment_upload_page_refuses_a_bad_type(client, member_factory):
    member = member_factory(Role.EDITOR)
    meeting = MeetingFactory(partnership=member.partnership)
    client.force_login(member.user)

    response = client.post(
        reverse(
            "partnerships:meeting-attachment-add", args=[member.partnership.slug, meeting.uuid]
        ),
        {
            "title": "Tool",
            "file": SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream"),
        },
    )

    assert response.status_code == 400
    assert "not accepted" in response.context["attachment_form"].errors["file"][0]
    assert MeetingAttachment.objects.count() == 0


def test_status_changes_inline_with_htmx(client, member_factory):
    member = member_factory(Role.EDITOR)
    item = ActionItemFactory(partnership=member.partnership, title="Print maps")
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:action-status", args=[member.partnership.slug, item.uuid]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<li class="list-group-item" id="action-{item.uuid}">')
    )
    assert item.status == "done" and item.completed_at is not None


def test_a_viewer_cannot_change_a_status(client, member_factory):
    member = member_factory(Role.VIEWER)
    item = ActionItemFactory(partnership=member.partnership)
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:action-status", args=[member.partnership.slug, item.uuid]),
        {"status": "done"},
    )

    item.refresh_from_db()
    assert response.status_code == 403 and item.status == "open"
