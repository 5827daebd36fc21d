import datetime
import secrets

import factory
from django.utils import timezone

from partnerships.models import Invitation, JoinRequest
from partnerships.roles import Role
from partnerships.selectors.membership import invitation_token_hash
from tests.hub.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """``invitation.token`` holds the clear token of the stored hash."""

    class Meta:
        model = Invitation

    partnership = factory.SubFactory(PartnershipFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.VIEWER
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(lambda o: invitation_token_hash(o.token))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    sent_count = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    message = "I farm in the upper watershed."
