"""The kinds of notification the platform sends; people choose per kind whether to get
email. Add a kind here before calling ``notify(kind=...)`` with it."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise
    description: str | Promise


MEMBERSHIP = "membership"
JOB_FINISHED = "job_finished"
GOVERNANCE = "governance"
DIGEST = "digest"
SYSTEM = "system"
PARTNERSHIP_PROPOSAL = "partnership_proposal"
MEL = "mel"
CAPACITY = "capacity"
WEBHOOKS = "webhooks"
FUNDER_REVIEW = "funder_review"
MARKETPLACE = "marketplace"
CONTENT = "content"
RESOURCE_MOBILIZATION = "resource_mobilization"

KINDS: dict[str, NotificationKind] = {
    kind.key: kind
    for kind in (
        NotificationKind(
            MEMBERSHIP,
            _("Membership"),
            _("Invitations, join requests and role changes in your partnerships."),
        ),
        NotificationKind(
            JOB_FINISHED,
            _("Reports and exports"),
            _("A report, export or import you started has finished."),
        ),
        NotificationKind(
            GOVERNANCE,
            _("Governance"),
            _("Meetings, decisions and documents of your partnerships."),
        ),
        NotificationKind(
            PARTNERSHIP_PROPOSAL,
            _("Partnership proposals"),
            _("New partnerships proposed to the hub, and the decision on yours."),
        ),
        NotificationKind(
            CAPACITY,
            _("Capacity development"),
            _("Cohorts you teach or take part in, and your certificates."),
        ),
        NotificationKind(
            MEL,
            _("Monitoring data"),
            _("Values submitted for your review, and your values returned for changes."),
        ),
        NotificationKind(
            FUNDER_REVIEW,
            _("Funder review"),
            _("Portfolios shared with you, and funders' questions and decisions on yours."),
        ),
        NotificationKind(
            MARKETPLACE,
            _("Investment marketplace"),
            _("Funders interested in the investments your partnership published."),
        ),
        NotificationKind(
            WEBHOOKS,
            _("Webhooks"),
            _("A webhook of a partnership you lead was disabled after repeated failures."),
        ),
        NotificationKind(
            CONTENT,
            _("Stories and library"),
            _("Decisions on the stories and library resources your partnership proposed."),
        ),
        NotificationKind(
            RESOURCE_MOBILIZATION,
            _("Resource mobilization"),
            _("Deadlines of the funding proposals you own in the hub's pipeline."),
        ),
        NotificationKind(DIGEST, _("Digest"), _("A periodic summary of activity.")),
        NotificationKind(
            SYSTEM, _("Platform announcements"), _("News about Landscape Hub itself.")
        ),
    )
}


def kind_get(key: str) -> NotificationKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"Unknown notification kind {key!r}; register it in kinds.py.") from None
