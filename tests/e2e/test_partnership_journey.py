"""A person proposes a partnership, hub staff approve it, the leader invites two
members with roles (one already on the platform, one new to it), both join — the new
one through signup and email verification — and the leader changes a role and removes
a member."""

import re

import pytest
from django.core import mail

from hub.models import Notification
from partnerships.models import Invitation, Membership, Partnership
from partnerships.roles import Role
from tests.hub.factories import TEST_PASSWORD, StaffUserFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PERSON = "amani.njoroge@example.org"
NEW_PASSWORD = "terraces-and-watersheds-31"


def sign_in(page, email: str, password: str = TEST_PASSWORD) -> None:
    # Leave the page first: a request still in flight from it could set the old
    # session's CSRF cookie after the new one and fail the next form.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", password)
    page.locator("form:has([name=login]) button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def link_in_last_email_to(address: str, pattern: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(pattern, message.body).group(0)


def test_propose_approve_invite_join_and_manage(page, live_server, settings, celery_eager):
    settings.SITE_URL = live_server.url
    leila = UserFactory(full_name="Leila Haddad", email="leila@example.org")
    staff = StaffUserFactory(full_name="Hub Coordinator")
    kofi = UserFactory(full_name="Kofi Mensah", email="kofi@example.org")

    # Leila proposes a partnership
    sign_in(page, leila.email)
    page.goto("/partnerships/propose/")
    page.fill("[name=name]", "Mau Forest Partnership")
    page.fill("[name=short_description]", "Farmers, foresters and county staff restoring the Mau.")
    page.fill("textarea[name=description]", "We restore <strong>springs</strong> and forest edges.")
    page.select_option("[name=countries]", ["KE"])
    page.select_option("[name=working_languages]", ["en", "sw"])
    page.fill("[name=contact_email]", "hello@mau.example.org")
    page.fill("[name=year_established]", "2018")
    page.get_by_role("button", name="Send the proposal").click()
    page.wait_for_url("**/p/mau-forest-partnership/workspace/")
    partnership = Partnership.objects.get(slug="mau-forest-partnership")
    assert partnership.approval == Partnership.Approval.PROPOSED
    assert Notification.objects.filter(recipient=staff, kind="partnership_proposal").exists()

    # hub staff approve it on the staff page
    sign_in(page, staff.email)
    page.goto("/partnerships/proposals/")
    page.get_by_role("button", name="Approve Mau Forest Partnership").click()
    page.wait_for_url("**/partnerships/proposals/")
    assert page.get_by_text("No proposals are waiting for a decision.").is_visible()
    partnership.refresh_from_db()
    assert partnership.approval == Partnership.Approval.APPROVED
    assert Notification.objects.filter(recipient=leila, title__contains="was approved").exists()

    # Leila invites Kofi (has an account) as editor and Amani (new) as viewer
    sign_in(page, leila.email)
    page.goto("/p/mau-forest-partnership/members/")
    for email, role in ((kofi.email, "editor"), (NEW_PERSON, "viewer")):
        page.fill("#member-invitations [name=email]", email)
        page.select_option("#member-invitations [name=role]", role)
        page.locator("#member-invitations").get_by_role("button", name="Send invitation").click()
        page.get_by_text(f"An invitation was sent to {email}.").wait_for()
    assert page.locator("#member-invitations .list-group-item").count() == 2
    assert Invitation.objects.filter(status="pending").count() == 2

    # Kofi accepts from his email
    kofi_link = link_in_last_email_to(kofi.email, r"https?://\S+/partnerships/invitations/\S+/")
    assert kofi_link.startswith(live_server.url)
    sign_in(page, kofi.email)
    page.goto(kofi_link)
    page.get_by_role("button", name="Accept and join Mau Forest Partnership").click()
    page.wait_for_url("**/p/mau-forest-partnership/workspace/")
    assert Membership.objects.get(partnership=partnership, user=kofi).role == Role.EDITOR

    # Amani is new: signs up from the invitation, verifies the address, lands inside
    amani_link = link_in_last_email_to(NEW_PERSON, r"https?://\S+/partnerships/invitations/\S+/")
    # Leave the page first: a request still in flight from it could set the old
    # session's CSRF cookie after the new one and fail the next form.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(amani_link)
    page.get_by_role("link", name="Create an account and join").click()
    page.wait_for_url("**/accounts/signup/**")
    assert page.locator("[name=email]").input_value() == NEW_PERSON
    page.fill("[name=full_name]", "Amani Njoroge")
    page.fill("[name=password1]", NEW_PASSWORD)
    page.fill("[name=password2]", NEW_PASSWORD)
    page.locator("form:has([name=password1]) button[type=submit]").first.click()
    page.wait_for_url("**/accounts/confirm-email/")
    confirm = link_in_last_email_to(NEW_PERSON, r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(confirm)
    page.locator("form[action*='/accounts/confirm-email/'] button[type=submit]").click()
    page.wait_for_url("**/p/mau-forest-partnership/workspace/")
    assert page.get_by_text("Welcome to Mau Forest Partnership! You joined as Viewer.").is_visible()
    amani = Membership.objects.get(partnership=partnership, user__email=NEW_PERSON)
    assert amani.role == Role.VIEWER

    # Leila changes Kofi's role and removes Amani
    sign_in(page, leila.email)
    page.goto("/p/mau-forest-partnership/members/")
    assert page.locator("#member-invitations .list-group-item").count() == 0
    kofi_row = page.locator("#member-results li", has_text="Kofi Mensah")
    kofi_row.locator("select[name=role]").select_option("mel_officer")
    kofi_row.get_by_role("button", name="Change the role of Kofi Mensah").click()
    page.get_by_text("Kofi Mensah is now MEL officer.").wait_for()
    assert Membership.objects.get(pk=kofi.memberships.get().pk).role == Role.MEL_OFFICER

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#member-results li", has_text="Amani Njoroge").get_by_role(
        "button", name="Remove Amani Njoroge"
    ).click()
    page.get_by_text("Amani Njoroge was removed from the partnership.").wait_for()
    assert not Membership.objects.filter(pk=amani.pk).exists()
    assert Notification.objects.filter(
        recipient__email=NEW_PERSON, title__contains="no longer a member"
    ).exists()
    assert Notification.objects.filter(
        recipient=kofi, title__contains="is now MEL officer"
    ).exists()
