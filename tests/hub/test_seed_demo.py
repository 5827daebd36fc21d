from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from hub.models import User
from partnerships.models import Membership, Partnership
from partnerships.roles import Role

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_creates_partnerships_with_a_person_for_every_role():
    call_command("seed_demo", stdout=StringIO())

    partnerships = Partnership.objects.all()
    assert {p.slug for p in partnerships} == {
        "mount-elgon",
        "alto-mayo",
        "plateau-central",
        "cantareira",
    }
    assert len({p.countries[0].code for p in partnerships}) == 4
    for partnership in partnerships:
        roles = set(Membership.objects.for_partnership(partnership).values_list("role", flat=True))
        assert roles == set(Role.values), partnership.slug
    assert User.objects.filter(is_staff=True).count() == 2


def test_seed_demo_logins_work_with_the_published_password(client):
    call_command("seed_demo", stdout=StringIO())
    leader = User.objects.get(email="amina.wanjiru@mount-elgon.example.org")

    assert leader.check_password(settings.HUB_DEMO_PASSWORD)
    assert leader.emailaddress_set.get().verified


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = _row_counts()

    call_command("seed_demo", stdout=StringIO())

    assert _row_counts() == before


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert Partnership.objects.count() == 0
