"""Core reads of the partnerships app: the profile, the workspace home and its
activity feed. Areas add their own modules next to this one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub.models import User
from partnerships.models import (
    ActionItem,
    Decision,
    GovernanceBody,
    Invitation,
    JoinRequest,
    Meeting,
    Membership,
    PartnerOrganization,
    Partnership,
)
from partnerships.roles import PartnershipPerm, role_has_perm
from partnerships.tenancy import TenantModel

OPEN_ACTION_STATUSES = (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS)
DUE_SOON_DAYS = 7


def _count(queryset: QuerySet, counted_field: str = "pk", *, distinct: bool = False):
    """A scalar subquery counting ``queryset``'s rows of the outer partnership."""
    counted = (
        queryset.filter(partnership=OuterRef("pk"))
        .order_by()
        .values("partnership")
        .annotate(n=Count(counted_field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def partnership_key_figures(
    *, partnership: Partnership, today: datetime.date | None = None
) -> dict[str, int]:
    """Counts shown on the profile and the workspace home, in one query."""
    today = today or timezone.localdate()
    current_partners = PartnerOrganization.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    return (
        Partnership.objects.filter(pk=partnership.pk)
        .annotate(
            members=_count(Membership.objects.all()),
            partners=_count(current_partners),
            partner_organizations=_count(current_partners, "organization", distinct=True),
            governance_bodies=_count(GovernanceBody.objects.filter(is_active=True)),
            meetings=_count(Meeting.objects.filter(starts_at__lt=timezone.now())),
            decisions=_count(Decision.objects.all()),
            open_action_items=_count(ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES)),
        )
        .values(
            "members",
            "partners",
            "partner_organizations",
            "governance_bodies",
            "meetings",
            "decisions",
            "open_action_items",
        )
        .get()
    )


def partner_list(*, partnership: Partnership) -> QuerySet[PartnerOrganization]:
    return (
        PartnerOrganization.objects.for_partnership(partnership)
        .select_related("organization")
        .order_by("role", "organization__name")
    )


@dataclass
class RoleGroup:
    role: str
    label: str
    partners: list[PartnerOrganization] = field(default_factory=list)


def partners_by_role(
    *, partnership: Partnership, today: datetime.date | None = None
) -> list[RoleGroup]:
    """Current partner organizations grouped by their role, in the order of the
    roles' declaration (convening first): one query."""
    today = today or timezone.localdate()
    groups = {
        value: RoleGroup(role=value, label=str(label))
        for value, label in PartnerOrganization.Role.choices
    }
    rows = (
        PartnerOrganization.objects.for_partnership(partnership)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .select_related("organization")
        .order_by("organization__name")
    )
    for partner in rows:
        groups[partner.role].partners.append(partner)
    return [group for group in groups.values() if group.partners]


def membership_list(*, partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.for_partnership(partnership)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


# --- what needs the caller's attention ------------------------------------------------


@dataclass
class Attention:
    pending_join_requests: int = 0
    pending_invitations: int = 0
    overdue_action_items: int = 0
    my_action_items: list[ActionItem] = field(default_factory=list)
    is_leader: bool = False

    @property
    def total(self) -> int:
        return (
            self.pending_join_requests
            + self.pending_invitations
            + self.overdue_action_items
            + len(self.my_action_items)
        )


def attention_for(
    *,
    partnership: Partnership,
    user: User,
    role: str | None,
    today: datetime.date | None = None,
    limit: int = 10,
) -> Attention:
    """What waits for ``user`` in ``partnership``: for leaders the requests to join,
    pending invitations and overdue action items; for everyone the open action items
    they own that are due within a week or overdue. Two queries at most."""
    today = today or timezone.localdate()
    attention = Attention(is_leader=role_has_perm(role, PartnershipPerm.MANAGE_MEMBERS))
    if attention.is_leader:
        counts = (
            Partnership.objects.filter(pk=partnership.pk)
            .annotate(
                join_requests=_count(JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)),
                invitations=_count(
                    Invitation.objects.filter(
                        status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
                    )
                ),
                overdue=_count(
                    ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)
                ),
            )
            .values("join_requests", "invitations", "overdue")
            .get()
        )
        attention.pending_join_requests = counts["join_requests"]
        attention.pending_invitations = counts["invitations"]
        attention.overdue_action_items = counts["overdue"]
    if user.is_authenticated:
        mine = (
            ActionItem.objects.for_partnership(partnership)
            .filter(
                owner=user,
                status__in=OPEN_ACTION_STATUSES,
                due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            )
            .select_related("meeting")
            .order_by("due_date", "title")[:limit]
        )
        attention.my_action_items = list(mine)
        for item in attention.my_action_items:
            item.is_overdue = item.due_date < today
    return attention


# --- recent activity ------------------------------------------------------------------

# What names a row in the feed, per tracked model: lookups on its event model, the
# first non-empty one wins. Models not listed use FALLBACK_SUBJECT_FIELDS.
ACTIVITY_SUBJECTS: dict[str, tuple[str, ...]] = {
    "partnerships.Partnership": ("name",),
    "partnerships.Membership": ("user__full_name", "user__email"),
    "partnerships.JoinRequest": ("user__full_name", "user__email"),
    "partnerships.Invitation": (),  # an invitee's address is not for every member
    "partnerships.PartnerOrganization": ("organization__name",),
    "partnerships.PartnerContact": ("name",),
    "partnerships.BodyMember": ("user__full_name", "name"),
    "partnerships.StageProgress": ("stage__name",),
}
# How the feed names a kind of row when its verbose name reads badly there.
ACTIVITY_THINGS = {
    "partnerships.Membership": _("member"),
}
# Tracked tenant rows that stay out of the members' feed.
ACTIVITY_EXCLUDED = {"partnerships.ApiKey"}
FALLBACK_SUBJECT_FIELDS = ("title", "name")

# When people act on their own membership the sentence says so.
SELF_TEXTS = {
    ("partnerships.JoinRequest", "insert"): _("%(actor)s asked to join the partnership"),
    ("partnerships.JoinRequest", "update"): _("%(actor)s changed their request to join"),
    ("partnerships.Membership", "insert"): _("%(actor)s joined the partnership"),
    ("partnerships.Membership", "delete"): _("%(actor)s left the partnership"),
}

VERBS = {
    "insert": _("added"),
    "update": _("changed"),
    "delete": _("removed"),
}


@dataclass
class ActivityEntry:
    created_at: datetime.datetime
    label: str
    model_label: str
    subject: str
    actor: User | None
    thing: str = ""
    things: str = ""
    count: int = 1

    @property
    def verb(self) -> str:
        return str(VERBS.get(self.label, self.label))

    @property
    def text(self) -> str:
        actor = self.actor.get_full_name() if self.actor else _("Landscape Hub")
        values = {"actor": actor, "verb": self.verb, "thing": self.thing, "subject": self.subject}
        if self.count > 1:
            return _("%(count)d %(things)s %(verb)s by %(actor)s") % {
                **values,
                "count": self.count,
                "things": self.things or self.thing,
            }
        own = SELF_TEXTS.get((self.model_label, self.label))
        if own and self.actor and self.subject == actor:
            return own % values
        if self.subject:
            return _("%(actor)s %(verb)s the %(thing)s “%(subject)s”") % values
        return _("%(thing)s %(verb)s by %(actor)s") % {**values, "thing": capfirst(self.thing)}


def tracked_tenant_models() -> list[type]:
    """Tenant models (and the partnership itself) whose rows pghistory records."""
    found = []
    for model in apps.get_models():
        if not (issubclass(model, TenantModel) or model is Partnership):
            continue
        if model._meta.label in ACTIVITY_EXCLUDED:
            continue
        event_models = getattr(model, "pgh_event_models", None)
        if event_models:
            found.append(model)
    return found


def _subject_expression(model, event_model):
    lookups = ACTIVITY_SUBJECTS.get(model._meta.label)
    if lookups is None:
        names = {f.name for f in event_model._meta.get_fields()}
        lookups = tuple(n for n in FALLBACK_SUBJECT_FIELDS if n in names)[:1]
    parts = [NullIf(Cast(F(lookup), CharField()), Value("")) for lookup in lookups]
    if not parts:
        return Value("", output_field=CharField())
    return Coalesce(*parts, Value(""), output_field=CharField())


def event_source(model) -> tuple[type, str] | None:
    """The pghistory event table of a tracked model and its partnership column, or None
    when the model's events cannot be told apart by partnership."""
    event_models = {m for m in model.pgh_event_models.values() if hasattr(m, "pgh_context")}
    if len(event_models) != 1:
        return None
    event_model = event_models.pop()
    if model is Partnership:
        return event_model, "pgh_obj_id"
    if any(f.name == "partnership" for f in event_model._meta.get_fields()):
        return event_model, "partnership_id"
    return None


def _events_of(model, partnership: Partnership, limit: int) -> QuerySet | None:
    source = event_source(model)
    if source is None:
        return None
    event_model, column = source
    return (
        event_model.objects.filter(**{column: partnership.pk})
        .annotate(
            model_label=Value(model._meta.label, output_field=CharField()),
            subject=_subject_expression(model, event_model),
            actor_ref=KeyTextTransform("user", "pgh_context__metadata"),
        )
        .order_by("-pgh_created_at", "-pgh_id")
        .values_list(
            "pgh_created_at", "pgh_id", "pgh_label", "model_label", "subject", "actor_ref"
        )[:limit]
    )


GROUP_LOOKAHEAD = 10


def partnership_activity(*, partnership: Partnership, limit: int = 15) -> list[ActivityEntry]:
    """The newest ``limit`` changes to this partnership's rows, newest first, with who
    made them: one UNION query over the tracked models' event tables plus one for the
    people, whatever the number of events."""
    parts = [
        qs
        for model in tracked_tenant_models()
        if (qs := _events_of(model, partnership, limit)) is not None
    ]
    if not parts:
        return []
    # Events of one transaction share a time; the event id orders them within a table.
    # Read further than ``limit``: runs of the same change to unnamed rows by the same
    # person (an import of 40 targets) become one entry with a count.
    union = parts[0].union(*parts[1:], all=True).order_by("-pgh_created_at", "-pgh_id")
    rows = list(union[: limit * GROUP_LOOKAHEAD])
    actor_ids = {int(ref) for *_rest, ref in rows if ref and str(ref).isdigit()}
    actors = User.objects.in_bulk(actor_ids) if actor_ids else {}
    models = {m._meta.label: m for m in tracked_tenant_models()}
    things = {
        label: str(ACTIVITY_THINGS.get(label, m._meta.verbose_name)) for label, m in models.items()
    }
    entries: list[ActivityEntry] = []
    for created_at, _event_id, label, model_label, subject, ref in rows:
        actor = actors.get(int(ref)) if ref and str(ref).isdigit() else None
        last = entries[-1] if entries else None
        if (
            last
            and not subject
            and not last.subject
            and (last.label, last.model_label, last.actor) == (label, model_label, actor)
        ):
            last.count += 1
            continue
        if len(entries) == limit:
            break
        model = models.get(model_label)
        entries.append(
            ActivityEntry(
                created_at=created_at,
                label=label,
                model_label=model_label,
                subject=subject or "",
                actor=actor,
                thing=things.get(model_label, model_label),
                things=str(model._meta.verbose_name_plural) if model else model_label,
            )
        )
    return entries
