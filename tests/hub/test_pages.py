import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from tests.hub.factories import UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_home_is_public_and_invites_to_sign_up(client):
    # when
    response = client.get(reverse("hub:home"))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_login")}"' in html
    assert '<html lang="en"' in html


def test_home_sends_signed_in_people_to_their_dashboard(client, user):
    # given
    client.force_login(user)

    # when
    html = client.get(reverse("hub:home")).content.decode()

    # then
    assert f'href="{reverse("hub:dashboard")}"' in html
    assert f'href="{reverse("account_signup")}"' not in html


def test_dashboard_lists_exactly_the_users_own_partnerships(client, user):
    # given
    mine_b = MembershipFactory(user=user, role="leader", partnership__name="Bamboo Valley")
    mine_a = MembershipFactory(user=user, role="viewer", partnership__name="Acacia Hills")
    theirs = MembershipFactory(user=UserFactory(), partnership__name="Someone Else's Delta")
    client.force_login(user)

    # when
    response = client.get(reverse("hub:dashboard"))

    # then
    assert response.status_code == 200
    assert response.context["memberships"] == [mine_a, mine_b]
    html = response.content.decode()
    assert "Acacia Hills" in html
    assert "Bamboo Valley" in html
    assert "Leader" in html
    assert theirs.partnership.name not in html
    assert "You are not part of a partnership yet" not in html


def test_dashboard_explains_partnerships_when_the_user_has_none(client, user):
    # given
    MembershipFactory(user=UserFactory())
    client.force_login(user)

    # when
    response = client.get(reverse("hub:dashboard"))

    # then
    assert response.context["memberships"] == []
    html = response.content.decode()
    assert "You are not part of a partnership yet" in html
    assert user.email in html


def test_dashboard_query_count_does_not_grow_with_memberships(
    client, user, django_assert_num_queries
):
    # given
    for _ in range(2):
        MembershipFactory(user=user)
    client.force_login(user)
    client.get(reverse("hub:dashboard"))  # warm the session and site caches

    # when / then
    # user, memberships+partnerships, unread count, unread notifications, jobs, and the
    # menu's "is this person a funder reviewer?"
    with django_assert_num_queries(6):
        client.get(reverse("hub:dashboard"))
    for partnership in PartnershipFactory.create_batch(4):
        MembershipFactory(user=user, partnership=partnership)
    with django_assert_num_queries(6):
        response = client.get(reverse("hub:dashboard"))
    assert len(response.context["memberships"]) == 6


def test_language_switcher_changes_the_page_language(client):
    # given
    home = client.get(reverse("hub:home")).content.decode()
    assert f'action="{reverse("set_language")}"' in home
    assert '<option value="es" lang="es"' in home

    # when
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})

    # then
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get(reverse("hub:home")).content.decode()
    assert '<html lang="es"' in html
    assert re.search(r'<option value="es" lang="es"\s+selected>', html)


def test_unknown_page_shows_the_styled_404_without_internals(client):
    # given
    assert settings.DEBUG is False

    # when
    response = client.get("/this-page-does-not-exist/")

    # then
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert f'href="{reverse("hub:home")}"' in html
    for internal in ("URLconf", "hub.urls", "URL patterns", "Traceback", "DEBUG"):
        assert internal not in html


def test_403_page_does_not_show_the_exception_text(rf):
    # given
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()

    # when
    response = permission_denied(request, PermissionDenied("membership 42 lacks mel.approve"))

    # then
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to see this page" in html
    assert "membership 42" not in html


def test_500_page_renders_without_any_context():
    # when
    html = render_to_string("500.html")

    # then
    assert "Something went wrong on our side" in html
    assert 'href="/static/css/hub.css"' in html
    assert 'href="/"' in html


def test_static_files_referenced_by_the_base_layout_exist(client):
    # given
    html = client.get(reverse("hub:home")).content.decode()

    # when
    referenced = set(re.findall(r'(?:src|href)="/static/([^"]+)"', html))

    # then
    assert {
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "css/hub.css",
        "js/hub.js",
    } <= referenced
    missing = sorted(path for path in referenced if finders.find(path) is None)
    assert missing == []


def test_no_page_loads_anything_from_another_site(client, user):
    # given
    client.force_login(user)

    # when
    pages = [
        client.get(reverse(name)).content.decode()
        for name in ("hub:home", "hub:dashboard", "account_email", "mfa_index")
    ]

    # then
    for html in pages:
        assert re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', html) == []
