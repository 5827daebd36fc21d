"""Factories for the resource mobilization pipeline (rows the services would write)."""

import datetime
from decimal import Decimal

import factory

from finance.models import DonorProspect, Proposal, ProposalDeadline, ProposalStatus
from tests.hub.factories import OrganizationFactory, StaffUserFactory


class DonorProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonorProspect

    organization = factory.SubFactory(OrganizationFactory, type="donor")
    focus_areas = ["restoration"]
    countries = ["KE"]
    grant_min = Decimal("100000.00")
    grant_max = Decimal("500000.00")
    grant_currency = "USD"
    relationship_owner = factory.SubFactory(StaffUserFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Proposal {n}")
    donor = factory.SubFactory(DonorProspectFactory)
    amount = Decimal("250000.00")
    currency = "USD"
    status = ProposalStatus.PROSPECT
    owner = factory.SubFactory(StaffUserFactory)
    submission_deadline = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=30)
    )
    decision_expected = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=90)
    )

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if create and extracted:
            self.partnerships.set(extracted)


class ProposalDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalDeadline

    proposal = factory.SubFactory(ProposalFactory)
    name = factory.Sequence(lambda n: f"Step {n}")
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
