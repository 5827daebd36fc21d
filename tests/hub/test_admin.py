import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from hub.models import AuditEvent, Organization, User
from tests.hub.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.hub.mfa import sign_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_with_second_factor(
        client, StaffUserFactory(is_superuser=True, email="root@example.org")
    )
    return client


def test_user_admin_adds_an_email_only_user(admin_client):
    response = admin_client.post(
        reverse("admin:hub_user_add"),
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "preferred_language": "es",
            "usable_password": "true",
            "password1": "a-very-long-password-9",
            "password2": "a-very-long-password-9",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert (user.full_name, user.preferred_language) == ("New Person", "es")
    assert user.check_password("a-very-long-password-9")


def test_user_admin_rejects_a_duplicate_email_in_another_case(admin_client, user):
    response = admin_client.post(
        reverse("admin:hub_user_add"),
        {
            "email": user.email.upper(),
            "full_name": "Copy",
            "preferred_language": "en",
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=user.email).count() == 1


def test_user_admin_list_search_and_filters(admin_client):
    UserFactory(full_name="Zainab Bello", preferred_language="fr")
    UserFactory(full_name="Carlos Ruiz", preferred_language="es")

    by_name = admin_client.get(reverse("admin:hub_user_changelist"), {"q": "zainab"})
    by_language = admin_client.get(
        reverse("admin:hub_user_changelist"), {"preferred_language__exact": "es"}
    )

    assert [u.full_name for u in by_name.context["cl"].result_list] == ["Zainab Bello"]
    assert [u.full_name for u in by_language.context["cl"].result_list] == ["Carlos Ruiz"]


def test_user_change_page_links_to_row_history(admin_client, user):
    response = admin_client.get(reverse("admin:hub_user_change", args=[user.pk]))

    assert response.status_code == 200
    assert f"?method=tracks&obj=hub.User:{user.pk}&" in response.content.decode()


def test_history_events_admin_lists_changes_with_their_origin(admin_client, user):
    admin_client.post(
        reverse("admin:hub_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": "Renamed",
            "preferred_language": "en",
            "time_zone": "UTC",
            "is_active": "on",
        },
    )

    response = admin_client.get(
        reverse("admin:pghistory_middlewareevents_changelist"),
        {"method": "tracks", "obj": f"hub.User:{user.pk}"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Renamed" in body
    assert f"POST /admin/hub/user/{user.pk}/change/" in body


def test_audit_event_admin_is_read_only_and_searchable(admin_client, user):
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor=user, subject=user.email)
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN_FAILED, subject="x@example.org")

    found = admin_client.get(reverse("admin:hub_auditevent_changelist"), {"q": user.email})
    filtered = admin_client.get(
        reverse("admin:hub_auditevent_changelist"), {"action__exact": "login_failed"}
    )
    add = admin_client.get(reverse("admin:hub_auditevent_add"))

    assert [e.subject for e in found.context["cl"].result_list] == [user.email]
    assert [e.subject for e in filtered.context["cl"].result_list] == ["x@example.org"]
    assert add.status_code == 403


def test_organization_admin_filters_by_country_and_type(admin_client):
    OrganizationFactory(name="Kenyan NGO", countries=["KE"], type=Organization.Type.NGO)
    OrganizationFactory(name="East Africa", countries=["TZ", "KE", "UG"])
    OrganizationFactory(name="Ugandan Gov", countries=["UG"], type=Organization.Type.GOVERNMENT)
    url = reverse("admin:hub_organization_changelist")

    kenya = admin_client.get(url, {"country": "KE"})
    uganda_gov = admin_client.get(url, {"country": "UG", "type__exact": "government"})
    searched = admin_client.get(url, {"q": "ugandan"})

    assert sorted(o.name for o in kenya.context["cl"].result_list) == ["East Africa", "Kenyan NGO"]
    assert [o.name for o in uganda_gov.context["cl"].result_list] == ["Ugandan Gov"]
    assert [o.name for o in searched.context["cl"].result_list] == ["Ugandan Gov"]
    assert "Uganda" in kenya.content.decode()


@pytest.mark.parametrize(
    "name", ["hub_notification", "hub_emaildelivery", "hub_job", "axes_accessattempt"]
)
def test_read_mostly_admin_pages_load(admin_client, name):
    response = admin_client.get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200


def test_staff_without_permission_cannot_see_audit_events(client):
    staff = StaffUserFactory()
    sign_in_with_second_factor(client, staff)
    assert client.get(reverse("admin:hub_auditevent_changelist")).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))

    assert client.get(reverse("admin:hub_auditevent_changelist")).status_code == 200
