import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from hub.models import EmailDelivery, Notification, NotificationPreference
from hub.notifications import kinds
from hub.notifications.emails import unsubscribe_token_make
from hub.notifications.kinds import KINDS
from hub.notifications.selectors import notification_unread_count
from hub.notifications.services import notify
from tests.hub.factories import UserFactory
from tests.queries import assert_constant_queries


def note(user, title="Hello", **fields) -> Notification:
    return Notification.objects.create(recipient=user, kind=kinds.SYSTEM, title=title, **fields)


# --- notify() -------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_records_notifications_and_queues_email_per_recipient(
    celery_eager, django_capture_on_commit_callbacks
):
    ana, ben = UserFactory(full_name="Ana Silva"), UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            recipients=[ana, ben, ana],
            kind=kinds.GOVERNANCE,
            title="Board meeting on Friday",
            body="Agenda attached.",
            url="/p/kilimanjaro/meetings/",
        )

    assert len(created) == 2
    assert set(Notification.objects.values_list("recipient__email", "title", "body")) == {
        (ana.email, "Board meeting on Friday", "Agenda attached."),
        (ben.email, "Board meeting on Friday", "Agenda attached."),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, ben.email])
    message = next(m for m in mail.outbox if m.to == [ana.email])
    assert message.subject == "[Landscape Hub] Board meeting on Friday"
    assert "Hello Ana," in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert unsubscribe[1:-1] in message.body


@pytest.mark.django_db
def test_notify_uses_site_url_for_links(settings):
    settings.SITE_URL = "https://hub.example.org"
    ana = UserFactory()

    notify(recipients=[ana], kind=kinds.SYSTEM, title="News", url="/news/")

    delivery = EmailDelivery.objects.get()
    assert "https://hub.example.org/news/" in delivery.body_text
    assert 'href="https://hub.example.org/news/"' in delivery.body_html
    assert delivery.headers["List-Unsubscribe"].startswith(
        "<https://hub.example.org/notifications/unsubscribe/"
    )


@pytest.mark.django_db
def test_notify_honours_email_opt_out_but_still_records_in_app():
    ana, ben = UserFactory(), UserFactory()
    NotificationPreference.objects.create(user=ana, kind=kinds.DIGEST, email=False)
    NotificationPreference.objects.create(user=ben, kind=kinds.SYSTEM, email=False)

    notify(recipients=[ana, ben], kind=kinds.DIGEST, title="Weekly digest")

    assert Notification.objects.filter(kind=kinds.DIGEST).count() == 2
    assert list(EmailDelivery.objects.values_list("to_address", flat=True)) == [ben.email]


@pytest.mark.django_db
def test_notify_without_email_queues_nothing(user):
    notify(recipients=[user], kind=kinds.SYSTEM, title="In-app only", email=False)

    assert Notification.objects.filter(recipient=user).count() == 1
    assert EmailDelivery.objects.count() == 0


@pytest.mark.django_db
def test_notify_with_dedup_key_records_the_event_once(
    user, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], kind=kinds.SYSTEM, title="Once", dedup_key="event:7")
        again = notify(recipients=[user], kind=kinds.SYSTEM, title="Once", dedup_key="event:7")

    assert again == []
    assert Notification.objects.filter(recipient=user).count() == 1
    assert EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_notify_rejects_unknown_kinds(user):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipients=[user], kind="gossip", title="?")

    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_notify_renders_in_the_recipients_language():
    # There are no Spanish catalogues of our own yet. Two honest signals that the
    # recipient's language was active while rendering: the email's lang attribute
    # (read from the active language by the template) and a lazy string that
    # Django itself translates.
    maria = UserFactory(preferred_language="es")
    john = UserFactory(preferred_language="en")

    with translation.override("en"):
        notify(
            recipients=[maria, john],
            kind=kinds.SYSTEM,
            title=gettext_lazy("This field is required."),
        )

    for_maria = EmailDelivery.objects.get(recipient=maria)
    for_john = EmailDelivery.objects.get(recipient=john)
    assert '<html lang="es">' in for_maria.body_html
    assert '<html lang="en">' in for_john.body_html
    assert for_maria.subject == "[Landscape Hub] Este campo es requerido."
    assert for_john.subject == "[Landscape Hub] This field is required."
    assert Notification.objects.get(recipient=maria).title == "Este campo es requerido."
    assert translation.get_language() == "en"


# --- pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_my_notifications_newest_first_paginated(client, user):
    for number in range(30):
        note(user, title=f"Note {number}")
    note(UserFactory(), title="Not mine")
    client.force_login(user)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})

    titles = [n.title for n in first.context["notifications"]]
    assert titles == [f"Note {n}" for n in range(29, 4, -1)]
    assert [n.title for n in second.context["notifications"]] == [
        f"Note {n}" for n in range(4, -1, -1)
    ]
    assert "Not mine" not in first.content.decode() + second.content.decode()


@pytest.mark.django_db
def test_list_query_count_is_constant(client, user):
    client.force_login(user)
    note(user)

    assert_constant_queries(
        lambda: client.get(reverse("notifications:list")),
        lambda: [note(user) for _ in range(5)],
    )


@pytest.mark.django_db
def test_mark_read_with_htmx_swaps_the_row(client, user):
    notification = note(user, title="Read me")
    client.force_login(user)

    response = client.post(
        reverse("notifications:mark-read", args=[notification.uuid]), headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<li id="notification-{notification.uuid}"')
    assert "Mark as read" not in body
    assert response["HX-Trigger"] == "notifications-changed"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_mark_read_of_someone_elses_notification_is_404(client, user):
    theirs = note(UserFactory())
    client.force_login(user)

    response = client.post(reverse("notifications:mark-read", args=[theirs.uuid]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_mark_all_read_only_touches_mine(client, user):
    mine = [note(user), note(user)]
    theirs = note(UserFactory())
    client.force_login(user)

    response = client.post(reverse("notifications:mark-all-read"))

    assert response.status_code == 302
    assert notification_unread_count(user=user) == 0
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.django_db
def test_bell_shows_unread_count_with_one_query_for_it(client, user, django_assert_num_queries):
    note(user)
    note(user)
    note(user, read_at=timezone.now())
    note(UserFactory())
    client.force_login(user)
    client.get(reverse("notifications:bell"))  # warm the session cache

    # session (cached), user, unread count
    with django_assert_num_queries(2):
        response = client.get(reverse("notifications:bell"))

    body = response.content.decode()
    assert body.startswith("<a ")
    assert "notification-bell" not in body
    assert 'data-unread-count="2"' in body
    assert "Notifications (2 unread)" in body


@pytest.mark.django_db
def test_bell_on_a_page_loads_its_count_lazily(client, user):
    note(user)
    client.force_login(user)

    body = client.get(reverse("notifications:list")).content.decode()

    assert 'id="notification-bell"' in body
    assert f'hx-get="{reverse("notifications:bell")}"' in body


@pytest.mark.django_db
def test_preferences_page_lists_every_kind_checked_by_default(client, user):
    client.force_login(user)

    response = client.get(reverse("notifications:preferences"))

    body = response.content.decode()
    for key, kind in KINDS.items():
        assert f'name="{key}"' in body
        assert str(kind.label) in body
    assert body.count(" checked") == len(KINDS)


@pytest.mark.django_db
def test_saving_preferences_turns_email_off_for_unticked_kinds(client, user):
    client.force_login(user)

    response = client.post(
        reverse("notifications:preferences"),
        {key: "on" for key in KINDS if key != kinds.DIGEST},
    )

    assert response.status_code == 302
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    assert stored == {key: key != kinds.DIGEST for key in KINDS}
    notify(recipients=[user], kind=kinds.DIGEST, title="Digest")
    notify(recipients=[user], kind=kinds.SYSTEM, title="News")
    assert list(EmailDelivery.objects.values_list("subject", flat=True)) == ["[Landscape Hub] News"]


# --- unsubscribe ----------------------------------------------------------------------


@pytest.mark.django_db
def test_unsubscribe_get_asks_and_changes_nothing(client, user):
    token = unsubscribe_token_make(user_id=user.pk, kind=kinds.DIGEST)

    response = client.get(reverse("notifications:unsubscribe", args=[token]))

    assert response.status_code == 200
    assert "Stop sending emails about “Digest”" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_unsubscribe_post_without_login_turns_that_kind_off(user):
    token = unsubscribe_token_make(user_id=user.pk, kind=kinds.DIGEST)
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("notifications:unsubscribe", args=[token]))

    assert response.status_code == 200
    assert "no longer gets emails about “Digest”" in response.content.decode()
    assert list(NotificationPreference.objects.values_list("user", "kind", "email")) == [
        (user.pk, kinds.DIGEST, False)
    ]


@pytest.mark.django_db
def test_rfc8058_one_click_post_unsubscribes(user):
    token = unsubscribe_token_make(user_id=user.pk, kind=kinds.SYSTEM)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("notifications:unsubscribe", args=[token]),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user, kind=kinds.SYSTEM).email is False


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_unsubscribe_token_is_refused_and_changes_nothing(client, user, method):
    token = unsubscribe_token_make(user_id=user.pk, kind=kinds.DIGEST)
    other = UserFactory()
    forged = unsubscribe_token_make(user_id=other.pk, kind=kinds.DIGEST)
    tampered = forged.split(":")[0] + ":" + token.split(":", 1)[1]

    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[tampered]))

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_unsubscribe_token_for_an_unknown_kind_is_refused(client, user):
    from django.core import signing

    from hub.notifications.emails import UNSUBSCRIBE_SALT

    token = signing.dumps({"u": user.pk, "k": "gossip"}, salt=UNSUBSCRIBE_SALT, compress=True)

    response = client.post(reverse("notifications:unsubscribe", args=[token]))

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_unsubscribe_link_in_a_notification_email_works(client, user):
    notify(recipients=[user], kind=kinds.MEMBERSHIP, title="Invitation")
    header = EmailDelivery.objects.get().headers["List-Unsubscribe"]
    path = header[1:-1].split("://", 1)[1].split("/", 1)[1]

    response = client.post("/" + path)

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user, kind=kinds.MEMBERSHIP).email is False
