"""URL kwarg fillers for partner, governance and process pages and endpoints."""

from tests.partnerships.factories_governance import (
    ActionItemFactory,
    BodyMemberFactory,
    DecisionFactory,
    GovernanceBodyFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    PartnerContactFactory,
    PartnerOrganizationFactory,
    StageEvidenceFactory,
    StageProgressFactory,
)
from tests.tenancy.harness import register_filler


@register_filler("partner_uuid")
def _partner(partnership):
    return PartnerOrganizationFactory(partnership=partnership).uuid


@register_filler("contact_uuid")
def _contact(partnership):
    partner = PartnerOrganizationFactory(partnership=partnership)
    return PartnerContactFactory(partner=partner, partnership=partnership).uuid


@register_filler("body_uuid")
def _body(partnership):
    return GovernanceBodyFactory(partnership=partnership).uuid


@register_filler("seat_uuid")
def _seat(partnership):
    body = GovernanceBodyFactory(partnership=partnership)
    return BodyMemberFactory(body=body, partnership=partnership).uuid


@register_filler("meeting_uuid")
def _meeting(partnership):
    return MeetingFactory(partnership=partnership).uuid


@register_filler("attachment_uuid")
def _attachment(partnership):
    meeting = MeetingFactory(partnership=partnership)
    return MeetingAttachmentFactory(meeting=meeting, partnership=partnership).uuid


@register_filler("decision_uuid")
def _decision(partnership):
    return DecisionFactory(partnership=partnership).uuid


@register_filler("action_uuid")
def _action(partnership):
    return ActionItemFactory(partnership=partnership).uuid


@register_filler("progress_uuid")
def _progress(partnership):
    return StageProgressFactory(partnership=partnership).uuid


@register_filler("evidence_uuid")
def _evidence(partnership):
    progress = StageProgressFactory(partnership=partnership)
    return StageEvidenceFactory(progress=progress, partnership=partnership).uuid
