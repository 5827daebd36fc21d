from partnerships.models.apikeys import ApiKey
from partnerships.models.digest import DigestSend
from partnerships.models.governance import (
    ActionItem,
    ActionItemReminder,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
)
from partnerships.models.integrations import (
    AllowedWebhookHost,
    ApiKeyDailyUsage,
    ExportLink,
    WebhookDelivery,
    WebhookEndpoint,
)
from partnerships.models.membership import Invitation, JoinRequest, Membership
from partnerships.models.partners import PartnerContact, PartnerOrganization
from partnerships.models.partnership import (
    Partnership,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
)
from partnerships.models.process import ProcessStage, StageEvidence, StageProgress

__all__ = [
    "ActionItem",
    "ActionItemReminder",
    "AllowedWebhookHost",
    "ApiKey",
    "ApiKeyDailyUsage",
    "BodyMember",
    "Decision",
    "DigestSend",
    "ExportLink",
    "GovernanceBody",
    "Invitation",
    "JoinRequest",
    "Meeting",
    "MeetingAttachment",
    "Membership",
    "PartnerContact",
    "PartnerOrganization",
    "Partnership",
    "PartnershipGroupObjectPermission",
    "PartnershipUserObjectPermission",
    "ProcessStage",
    "StageEvidence",
    "StageProgress",
    "WebhookDelivery",
    "WebhookEndpoint",
]
