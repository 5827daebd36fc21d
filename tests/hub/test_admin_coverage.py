"""Every model of the platform is reachable in the admin for hub staff, with a useful
list, and every admin page loads on the demo data."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from pghistory.models import Event

from tests.hub.factories import StaffUserFactory
from tests.hub.mfa import sign_in_with_second_factor

OUR_APPS = {"hub", "partnerships", "landscapes", "mel", "capacity", "finance"}


def _our_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        # Row history has its own admin (the "History" button of every change form);
        # object permissions are managed on the guarded object's "Object permissions" page.
        and not issubclass(model, Event | UserObjectPermissionBase | GroupObjectPermissionBase)
    ]


def _inline_models() -> set[type]:
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def test_every_model_is_in_the_admin_or_shown_on_its_parents_page():
    reachable = set(admin.site._registry) | _inline_models()

    missing = sorted(m._meta.label for m in _our_models() if m not in reachable)

    assert missing == []


def test_every_model_list_has_columns_and_search():
    weak = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        if tuple(model_admin.list_display) == ("__str__",) or not model_admin.search_fields:
            weak.append(model._meta.label)

    assert sorted(weak) == []


@pytest.mark.django_db
def test_every_admin_page_loads_on_the_demo_data(client):
    call_command("seed_demo", stdout=StringIO())
    sign_in_with_second_factor(client, StaffUserFactory(is_superuser=True))
    failures, pages = [], 0

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for url in (changelist, f"{changelist}?q=a"):
            pages += 1
            if (status := client.get(url).status_code) != 200:
                failures.append(f"{url}: {status}")
        row = model_admin.get_queryset(client.request().wsgi_request).first()
        if row is None:
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        pages += 1
        if (status := client.get(change).status_code) != 200:
            failures.append(f"{change}: {status}")

    # Explicit grants (django-guardian) on partnerships and cohorts are managed here too.
    for name, model in (
        ("admin:partnerships_partnership_permissions", "partnerships.Partnership"),
        ("admin:capacity_cohort_permissions", "capacity.Cohort"),
    ):
        obj = apps.get_model(model).objects.first()
        response = client.get(reverse(name, args=[obj.pk]))
        if response.status_code != 200 or b"Object permissions" not in response.content:
            failures.append(f"{name}: {response.status_code}")

    assert failures == []
    assert pages > 150
