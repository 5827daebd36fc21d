from partnerships.roles import Role
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_api import ApiKeyFactory
from tests.tenancy.harness import register_filler


@register_filler("membership_uuid")
def _membership(partnership):
    return MembershipFactory(partnership=partnership).uuid


@register_filler("apikey_uuid")
def _apikey(partnership):
    creator = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    return ApiKeyFactory(partnership=partnership, created_by=creator).uuid
