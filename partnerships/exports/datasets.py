"""The datasets of the domain apps that export links can serve."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerships.exports import Dataset, register
from partnerships.roles import FinancePerm, PartnershipPerm


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _measurement_rows(partnership):
    from mel.models import Measurement

    measurements = (
        Measurement.objects.for_partnership(partnership)
        .select_related("indicator")
        .order_by("indicator__code", "period_start", "created_at")
    )
    for m in measurements.iterator(chunk_size=2000):
        yield {
            "uuid": str(m.uuid),
            "indicator_uuid": str(m.indicator.uuid),
            "indicator_code": m.indicator.code,
            "indicator_name": m.indicator.name,
            "unit": m.indicator.unit,
            "period_start": _iso(m.period_start),
            "period_end": _iso(m.period_end),
            "value": str(m.value),
            "breakdown": m.breakdown,
            "status": m.status,
            "narrative": m.narrative,
            "submitted_at": _iso(m.submitted_at),
            "reviewed_at": _iso(m.reviewed_at),
        }


MEASUREMENTS = register(
    Dataset(
        key="measurements",
        label=_("MEL measurements"),
        perm=PartnershipPerm.VIEW,
        columns=(
            "uuid",
            "indicator_uuid",
            "indicator_code",
            "indicator_name",
            "unit",
            "period_start",
            "period_end",
            "value",
            "breakdown",
            "status",
            "narrative",
            "submitted_at",
            "reviewed_at",
        ),
        rows=_measurement_rows,
    )
)


def _investment_rows(partnership):
    from finance.selectors.portfolio import investment_list

    for inv in investment_list(partnership=partnership).iterator(chunk_size=2000):
        yield {
            "uuid": str(inv.uuid),
            "name": inv.name,
            "kind": inv.kind,
            "sector": inv.sector,
            "stage": inv.stage,
            "risk_level": inv.risk_level,
            "landscape": inv.landscape.name if inv.landscape_id else None,
            "site": inv.site.name if inv.site_id else None,
            "lead_organization": (inv.lead_organization.name if inv.lead_organization_id else None),
            "start_date": _iso(inv.start_date),
            "end_date": _iso(inv.end_date),
            "total_cost": str(inv.total_cost),
            "currency": inv.currency,
            "updated_at": _iso(inv.updated_at),
        }


INVESTMENTS = register(
    Dataset(
        key="investments",
        label=_("Portfolio investments"),
        perm=FinancePerm.VIEW,
        columns=(
            "uuid",
            "name",
            "kind",
            "sector",
            "stage",
            "risk_level",
            "landscape",
            "site",
            "lead_organization",
            "start_date",
            "end_date",
            "total_cost",
            "currency",
            "updated_at",
        ),
        rows=_investment_rows,
    )
)
