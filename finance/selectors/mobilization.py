"""Reads of the resource mobilization pipeline: the staff board and table with filters and
totals per status in USD, donor prospects, and what a partnership may see (the proposals
that name it, and the donors the hub is already in contact with).

Totals are converted with one ``Converter`` (one rate table) per page at today's rates
and say the oldest rate date used, like the portfolio page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from finance.models import (
    DonorProspect,
    Proposal,
    ProposalDeadline,
    ProposalStatus,
    ProposalTransition,
    ProspectStatus,
)
from finance.selectors.portfolio import Converter, Figure
from partnerships.models import Partnership

OPEN_STATUSES = (
    ProposalStatus.PROSPECT,
    ProposalStatus.IN_PREPARATION,
    ProposalStatus.SUBMITTED,
)
# The deadline window filter: the next N days, or already missed.
WINDOWS = {"7": 7, "30": 30, "90": 90}
OVERDUE = "overdue"


@dataclass(frozen=True)
class ProposalFilters:
    status: str = ""
    donor: str = ""  # donor prospect uuid
    partnership: str = ""  # partnership slug
    owner: str = ""  # user uuid
    window: str = ""  # "7", "30", "90" or "overdue": submission deadline or decision date

    @property
    def active(self) -> bool:
        return any((self.status, self.donor, self.partnership, self.owner, self.window))


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("donor__organization", "owner").prefetch_related(
        Prefetch("partnerships", queryset=Partnership.objects.only("pk", "name", "slug")),
        Prefetch("extra_deadlines", queryset=ProposalDeadline.objects.order_by("date")),
    )


def proposal_list(
    *, filters: ProposalFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Proposal]:
    filters = filters or ProposalFilters()
    today = today or timezone.localdate()
    qs = _proposals().order_by("submission_deadline", "title", "pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.donor:
        qs = qs.filter(donor__uuid=filters.donor)
    if filters.partnership:
        qs = qs.filter(partnerships__slug=filters.partnership)
    if filters.owner:
        qs = qs.filter(owner__uuid=filters.owner)
    if filters.window == OVERDUE:
        qs = qs.filter(
            Q(status__in=[ProposalStatus.PROSPECT, ProposalStatus.IN_PREPARATION],
              submission_deadline__lt=today)
            | Q(status=ProposalStatus.SUBMITTED, decision_expected__lt=today)
        )  # fmt: skip
    elif filters.window in WINDOWS:
        end = today + datetime.timedelta(days=WINDOWS[filters.window])
        qs = qs.filter(
            Q(submission_deadline__range=(today, end))
            | Q(decision_expected__range=(today, end))
            | Q(extra_deadlines__date__range=(today, end))
        )
    return qs.distinct() if filters.partnership or filters.window else qs


def proposal_get(*, uuid) -> Proposal | None:
    return (
        _proposals()
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("actor").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .filter(uuid=uuid)
        .first()
    )


@dataclass
class StatusColumn:
    status: str
    label: str
    proposals: list = field(default_factory=list)
    total: Figure | None = None


@dataclass
class Pipeline:
    columns: list[StatusColumn]
    total_open: Figure
    currency: str
    rate_date: datetime.date | None
    missing_rates: list
    usd: dict  # proposal pk → Figure in USD


def pipeline(proposals: list[Proposal], *, on: datetime.date | None = None) -> Pipeline:
    """The proposals by status with each status's total (and the open total) in USD;
    each proposal gets ``usd``, its amount in USD (a ``Figure``)."""
    base = settings.FINANCE_BASE_CURRENCY
    converter = Converter({p.currency for p in proposals}, to=base, on=on or timezone.localdate())
    columns = {
        value: StatusColumn(status=value, label=label, total=Figure(currency=base))
        for value, label in ProposalStatus.choices
    }
    total_open = Figure(currency=base)
    usd = {}
    for proposal in proposals:
        figure = converter.one(proposal.amount, proposal.currency)
        usd[proposal.pk] = proposal.usd = figure
        column = columns[proposal.status]
        column.proposals.append(proposal)
        column.total.add(figure)
        if proposal.status in OPEN_STATUSES:
            total_open.add(figure)
    return Pipeline(
        columns=list(columns.values()),
        total_open=total_open,
        currency=base,
        rate_date=converter.rate_date,
        missing_rates=converter.missing_rates,
        usd=usd,
    )


def prospect_list(*, status: str = "") -> QuerySet[DonorProspect]:
    qs = (
        DonorProspect.objects.select_related("organization", "relationship_owner")
        .annotate(
            open_count=Count("proposals", filter=Q(proposals__status__in=OPEN_STATUSES)),
            awarded_count=Count("proposals", filter=Q(proposals__status=ProposalStatus.AWARDED)),
            proposal_count=Count("proposals"),
        )
        .order_by("organization__name")
    )
    return qs.filter(status=status) if status else qs


def prospect_get(*, uuid) -> DonorProspect | None:
    return (
        DonorProspect.objects.select_related("organization", "relationship_owner")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("owner").order_by(
                    "-status_changed_at", "title"
                ),
            )
        )
        .filter(uuid=uuid)
        .first()
    )


# --- what a partnership sees -------------------------------------------------------------


def partnership_proposal_list(*, partnership: Partnership) -> QuerySet[Proposal]:
    """The proposals that would benefit ``partnership`` (read-only for its members)."""
    return (
        Proposal.objects.filter(partnerships=partnership)
        .select_related("donor__organization", "owner")
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.only("pk", "name", "slug"))
        )
        .order_by("submission_deadline", "title", "pk")
    )


def partnership_proposal_get(*, partnership: Partnership, uuid) -> Proposal | None:
    return (
        partnership_proposal_list(partnership=partnership)
        .prefetch_related(
            Prefetch("extra_deadlines", queryset=ProposalDeadline.objects.order_by("date"))
        )
        .filter(uuid=uuid)
        .first()
    )


def donors_approached() -> QuerySet[DonorProspect]:
    """Active donor prospects the hub already has proposals with, and whom to talk to:
    partnerships see these (not other partnerships' proposals) before approaching a
    donor themselves."""
    return (
        DonorProspect.objects.filter(status=ProspectStatus.ACTIVE)
        .select_related("organization", "relationship_owner")
        .annotate(
            open_count=Count("proposals", filter=Q(proposals__status__in=OPEN_STATUSES)),
            awarded_count=Count("proposals", filter=Q(proposals__status=ProposalStatus.AWARDED)),
            proposal_count=Count("proposals"),
        )
        .filter(proposal_count__gt=0)
        .order_by("organization__name")
    )


def prospect_choices() -> QuerySet[DonorProspect]:
    """Every donor prospect's uuid and name, for the pipeline's donor filter."""
    return (
        DonorProspect.objects.select_related("organization")
        .only("uuid", "organization__name")
        .order_by("organization__name")
    )
