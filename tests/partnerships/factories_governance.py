"""Factories for partner organizations, governance and the process tracker. Related
rows stay in one partnership."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from partnerships.models import (
    ActionItem,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
    PartnerContact,
    PartnerOrganization,
    ProcessStage,
    StageEvidence,
    StageProgress,
)
from tests.hub.factories import OrganizationFactory
from tests.partnerships.factories import PartnershipFactory


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = PartnerOrganization.Role.IMPLEMENTING
    joined_on = datetime.date(2020, 1, 1)


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerOrganizationFactory)
    partnership = factory.SelfAttribute("partner.partnership")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = GovernanceBody.Kind.WORKING_GROUP


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(GovernanceBodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    name = factory.Faker("name")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    body = factory.SubFactory(
        GovernanceBodyFactory, partnership=factory.SelfAttribute("..partnership")
    )
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class MeetingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttachment

    meeting = factory.SubFactory(MeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    title = "Agenda"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 agenda", name="agenda.pdf"))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    decided_on = datetime.date(2025, 3, 1)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


def first_stage() -> ProcessStage:
    return ProcessStage.objects.filter(is_active=True).order_by("order").first()


class StageProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageProgress
        django_get_or_create = ("partnership", "stage")

    partnership = factory.SubFactory(PartnershipFactory)
    stage = factory.LazyFunction(first_stage)
    status = StageProgress.Status.IN_PROGRESS
    started_on = datetime.date(2024, 5, 1)


class StageEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageEvidence

    progress = factory.SubFactory(StageProgressFactory)
    partnership = factory.SelfAttribute("progress.partnership")
    title = "Workshop report"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 report", name="report.pdf"))
