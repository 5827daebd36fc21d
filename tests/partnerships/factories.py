import factory

from partnerships.models import Membership, Partnership
from partnerships.roles import Role
from tests.hub.factories import UserFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Landscape Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    short_description = "Farmers, NGOs and local government restoring a watershed together."
    status = Partnership.Status.ACTIVE
    visibility = Partnership.Visibility.PUBLIC
    approval = Partnership.Approval.APPROVED
    countries = ["KE"]
    working_languages = ["en"]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER
