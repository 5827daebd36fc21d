from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_membership import InvitationFactory, JoinRequestFactory
from tests.tenancy.harness import register_filler


@register_filler("membership_uuid")
def _membership(partnership):
    return MembershipFactory(partnership=partnership).uuid


@register_filler("invitation_uuid")
def _invitation(partnership):
    return InvitationFactory(partnership=partnership).uuid


@register_filler("join_request_uuid")
def _join_request(partnership):
    return JoinRequestFactory(partnership=partnership).uuid
