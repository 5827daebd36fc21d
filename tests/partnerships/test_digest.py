"""The weekly activity digest: content, preferences, one-click unsubscribe, language,
and "exactly once per person per ISO week" against a real worker and SMTP server."""

import datetime
import re

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse

from hub.models import EmailDelivery, NotificationPreference
from hub.notifications import kinds
from hub.notifications.services import notification_preference_set
from partnerships.models import ApiKey, DigestSend, Invitation, Meeting
from partnerships.roles import Role
from partnerships.services.digest import digest_recipients, digest_send, week_start_of
from partnerships.tasks_digest import digest_weekly_task
from tests.hub.factories import UserFactory
from tests.partnerships.activity_time import set_event_time
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory
from tests.partnerships.factories_governance import MeetingFactory
from tests.partnerships.factories_membership import InvitationFactory
from tests.worker import wait_for

# Weeks far from the real clock, so the changes the tests make now (stamped with the
# real time) stay out of them unless a test moves them in.
WEEK = datetime.date(2025, 11, 17)  # a Monday; its digest covers 10–16 November
LAST_WEEK = datetime.datetime(2025, 11, 12, 9, 30, tzinfo=datetime.UTC)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def delivery_of(user) -> EmailDelivery:
    return EmailDelivery.objects.get(recipient=user)


@pytest.fixture
def member(partnership):
    return MembershipFactory(partnership=partnership, role=Role.VIEWER).user


@pytest.mark.django_db
class TestDigestContent:
    def test_only_last_weeks_changes_in_the_persons_partnerships(self, partnership, member):
        # given changes last week, before it and this week, and last week elsewhere
        other_of_mine = PartnershipFactory(name="Quiet Partnership")
        MembershipFactory(partnership=other_of_mine, user=member, role=Role.LEADER)
        stranger = PartnershipFactory(name="Stranger Partnership")
        for p, title, when in [
            (partnership, "Assembly of last week", LAST_WEEK),
            (partnership, "An old assembly", LAST_WEEK - datetime.timedelta(days=8)),
            (partnership, "Assembly of this week", at(WEEK, 10)),
            (stranger, "Assembly elsewhere", LAST_WEEK),
        ]:
            MeetingFactory(partnership=p, title=title, body=None)
            set_event_time(Meeting, when, title=title)

        # when the digest goes out
        assert digest_send(user_id=member.pk, week_start=WEEK) is True

        # then it holds last week's change of their own partnership, nothing else
        delivery = delivery_of(member)
        assert delivery.to_address == member.email
        assert delivery.subject == (
            "[Landscape Hub] Your partnerships last week, November 10 – November 16"
        )
        text = delivery.body_text
        assert partnership.name in text
        assert "Governance: 1" in text
        assert "Assembly of last week" in text
        assert "Assembly of last week" in delivery.body_html
        for absent in [
            "An old assembly",
            "Assembly of this week",
            "Assembly elsewhere",
            "Stranger Partnership",
            "Quiet Partnership",  # nothing happened there last week
        ]:
            assert absent not in text, absent
        activity = settings.SITE_URL + reverse("partnerships:activity", args=[partnership.slug])
        assert activity in text

    def test_leaves_out_what_members_do_not_see(self, partnership, member):
        InvitationFactory(partnership=partnership, email="private.person@example.org")
        ApiKeyFactory(partnership=partnership, name="Secret integration key")
        for model in (Invitation, ApiKey):
            set_event_time(model, LAST_WEEK, partnership=partnership)

        digest_send(user_id=member.pk, week_start=WEEK)

        text = delivery_of(member).body_text
        assert "Partnership and members: 1" in text  # the invitation, without its address
        assert "private.person@example.org" not in text
        assert "Secret integration key" not in text

    def test_nothing_to_report_sends_nothing(self, partnership, member):
        assert digest_send(user_id=member.pk, week_start=WEEK) is False
        assert not EmailDelivery.objects.exists()
        assert not DigestSend.objects.exists()

    def test_a_second_run_in_the_same_week_sends_nothing(self, partnership, member):
        MeetingFactory(partnership=partnership, title="Assembly")
        set_event_time(Meeting, LAST_WEEK)

        first = digest_send(user_id=member.pk, week_start=WEEK)
        second = digest_send(user_id=member.pk, week_start=WEEK)

        assert (first, second) == (True, False)
        assert EmailDelivery.objects.filter(recipient=member).count() == 1
        record = DigestSend.objects.get(user=member)
        assert (record.week_start, record.delivery) == (WEEK, delivery_of(member))

    def test_switched_off_or_deactivated_people_get_nothing(self, partnership, member):
        off = MembershipFactory(partnership=partnership).user
        notification_preference_set(user=off, kind=kinds.DIGEST, email=False)
        gone = MembershipFactory(partnership=partnership, user=UserFactory(is_active=False)).user
        outsider = UserFactory()
        MeetingFactory(partnership=partnership, title="Assembly")
        set_event_time(Meeting, LAST_WEEK)

        due = set(digest_recipients(week_start=WEEK))
        sent = {u: digest_send(user_id=u.pk, week_start=WEEK) for u in (off, gone, outsider)}

        assert due == {member}
        assert sent == {off: False, gone: False, outsider: False}
        assert not EmailDelivery.objects.exclude(recipient=member).exists()

    def test_in_the_recipients_language(self, partnership):
        spanish = MembershipFactory(
            partnership=partnership, user=UserFactory(preferred_language="es")
        ).user
        MeetingFactory(partnership=partnership, title="Asamblea")
        set_event_time(Meeting, LAST_WEEK)

        digest_send(user_id=spanish.pk, week_start=WEEK)

        delivery = delivery_of(spanish)
        # Month names come from Django's own Spanish catalogue.
        assert "10 de noviembre" in delivery.subject
        assert "16 de noviembre" in delivery.subject
        assert '<html lang="es">' in delivery.body_html

    def test_the_unsubscribe_link_switches_the_digest_off(self, client, partnership, member):
        # given a digest with its one-click unsubscribe header and link
        MeetingFactory(partnership=partnership, title="Assembly")
        set_event_time(Meeting, LAST_WEEK)
        digest_send(user_id=member.pk, week_start=WEEK)
        delivery = delivery_of(member)
        header = delivery.headers["List-Unsubscribe"]
        url = re.fullmatch(r"<(.+)>", header).group(1)
        assert url in delivery.body_text
        assert delivery.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        # when the mail client posts to it (RFC 8058)
        response = client.post(url.removeprefix(settings.SITE_URL))

        # then the digest is off, the preferences page says so, next week sends nothing
        assert response.status_code == 200
        assert NotificationPreference.objects.get(user=member, kind=kinds.DIGEST).email is False
        client.force_login(member)
        page = client.get(reverse("notifications:preferences"))
        assert page.context["form"].fields[kinds.DIGEST].initial is False
        assert "Digest" in page.content.decode()
        MeetingFactory(partnership=partnership, title="Next assembly")
        set_event_time(Meeting, at(WEEK + datetime.timedelta(days=2)), title="Next assembly")
        assert digest_send(user_id=member.pk, week_start=WEEK + datetime.timedelta(days=7)) is False


def test_weeks_start_on_monday():
    assert week_start_of(datetime.date(2025, 11, 23)) == WEEK  # a Sunday
    assert week_start_of(WEEK) == WEEK


def test_the_digest_runs_on_monday_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["partnerships-weekly-digest"]
    assert entry["task"] == "partnerships.tasks_digest.digest_weekly_task"
    assert entry["schedule"] == crontab(minute=0, hour=6, day_of_week=1)


# --- Done when: exactly once per week, real worker and SMTP server, frozen time ---------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_digests_arrive_exactly_once_per_week_per_person(celery_worker_factory, smtp_server):
    # given a worker that mails through a real SMTP server, two members who want the
    # digest and one who switched it off, and changes in the week before week 1
    worker = celery_worker_factory(EMAIL_URL=smtp_server.email_url)
    partnership = PartnershipFactory(name="Mount Elgon Partnership")
    ana, ben, off = (
        MembershipFactory(partnership=partnership, role=role).user
        for role in (Role.LEADER, Role.VIEWER, Role.EDITOR)
    )
    notification_preference_set(user=off, kind=kinds.DIGEST, email=False)
    week_1 = datetime.date(2025, 3, 3)
    week_2 = week_1 + datetime.timedelta(days=7)
    MeetingFactory(partnership=partnership, title="February assembly")
    set_event_time(Meeting, at(week_1 - datetime.timedelta(days=3)))

    def sent_to() -> list[str]:
        return sorted(r for recipients, _m in smtp_server.messages for r in recipients)

    def settle(expected_messages: int) -> None:
        wait_for(lambda: len(smtp_server.messages) >= expected_messages, timeout=60)
        wait_for(
            lambda: not EmailDelivery.objects.filter(status=EmailDelivery.Status.QUEUED).exists()
        )

    # when the weekly job runs twice on Monday of week 1 (beat and a manual rerun)
    with time_machine.travel(at(week_1, 6), tick=False):
        queued = [digest_weekly_task.apply().get(), digest_weekly_task.apply().get()]
    settle(2)
    # the second run may have queued again before the first emails went out; let every
    # per-person task finish before counting
    wait_for(lambda: worker.log().count("digest_send_task") >= 2 * sum(queued))

    # then each of them got exactly one email
    assert sent_to() == sorted([ana.email, ben.email])
    subjects = {m["Subject"].strip() for _r, m in smtp_server.messages}
    assert subjects == {"[Landscape Hub] Your partnerships last week, February 24 – March 2"}
    assert all(m["List-Unsubscribe"].strip().startswith("<http") for _r, m in smtp_server.messages)
    assert DigestSend.objects.filter(week_start=week_1).count() == 2

    # when a week passes, something changes, and the job runs again
    MeetingFactory(partnership=partnership, title="March assembly")
    set_event_time(Meeting, at(week_2 - datetime.timedelta(days=2)), title="March assembly")
    with time_machine.travel(at(week_2, 6), tick=False):
        assert digest_weekly_task.apply().get() == 2
    settle(4)

    # then each got one more, about week 2's changes
    assert sent_to() == sorted([ana.email, ana.email, ben.email, ben.email])
    latest = [m for _r, m in smtp_server.messages[2:]]
    assert all("March assembly" in m.get_body(("plain",)).get_content() for m in latest)
    assert all("February assembly" not in m.get_body(("plain",)).get_content() for m in latest)
    assert off.email not in sent_to()
