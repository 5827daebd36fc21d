"""Writes of the portfolio: the partnership's portfolio, its investments and their
documents. Changes are recorded by pghistory (database triggers); a stage change is also
published as the "investment.stage_changed" event."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from shapely.geometry import shape

from finance.currencies import CURRENCY_CODES
from finance.models import Investment, InvestmentDocument, Portfolio, Transaction
from finance.models.choices import RiskLevel, Stage
from hub import events
from hub.models import Organization, User
from hub.services import ApplicationError
from landscapes.geo.errors import BoundaryError
from landscapes.geo.geometry import normalize_geometry
from landscapes.models import Landscape, Site
from mel.models import Indicator, Result
from partnerships.models import Partnership

# Documents: extension → (declared content types accepted, leading bytes of the file).
DOCUMENT_TYPES: dict[str, tuple[set[str], tuple[bytes, ...]]] = {
    ".pdf": ({"application/pdf"}, (b"%PDF",)),
    ".docx": (
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        (b"PK\x03\x04",),
    ),
    ".doc": ({"application/msword"}, (b"\xd0\xcf\x11\xe0",)),
    ".xls": ({"application/vnd.ms-excel"}, (b"\xd0\xcf\x11\xe0",)),
    ".odt": ({"application/vnd.oasis.opendocument.text"}, (b"PK\x03\x04",)),
    ".ods": ({"application/vnd.oasis.opendocument.spreadsheet"}, (b"PK\x03\x04",)),
    ".png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    ".jpeg": ({"image/jpeg"}, (b"\xff\xd8\xff",)),
    ".webp": ({"image/webp"}, (b"RIFF",)),
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Browsers sometimes send this for any file; the extension and leading bytes decide then.
GENERIC_CONTENT_TYPES = {"application/octet-stream", ""}


def clean_or_raise(obj) -> None:
    """``full_clean()``; the first problem becomes an ApplicationError on its field."""
    try:
        obj.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


def check_amount(amount, *, field: str = "amount") -> None:
    """Zero and negative amounts are refused here with a plain message (the database
    constraints would only name the constraint); absurd ones by the model validators."""
    if amount is not None and amount <= 0:
        raise ApplicationError(_("Enter an amount greater than zero."), field=field)


def check_currency(code: str, *, field: str = "currency") -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCY_CODES:
        raise ApplicationError(
            _("“%(code)s” is not an ISO 4217 currency code (for example USD, EUR, KES).")
            % {"code": code[:10]},
            field=field,
        )
    return code


# --- the portfolio ----------------------------------------------------------------------


@transaction.atomic
def portfolio_get_or_create(*, partnership: Partnership) -> Portfolio:
    """The partnership's one portfolio, created with default settings on first use."""
    portfolio = Portfolio.objects.for_partnership(partnership).first()
    if portfolio is not None:
        return portfolio
    portfolio = Portfolio(
        partnership=partnership,
        title=_("%(name)s investment portfolio") % {"name": partnership.name},
        reporting_currency="USD",
    )
    clean_or_raise(portfolio)
    try:
        with transaction.atomic():
            portfolio.save()
    except IntegrityError:  # created at the same moment by another request
        return Portfolio.objects.for_partnership(partnership).get()
    return portfolio


@transaction.atomic
def portfolio_update(
    *, portfolio: Portfolio, title: str, description: str = "", reporting_currency: str
) -> Portfolio:
    portfolio.title = title.strip()
    portfolio.description = description.strip()
    portfolio.reporting_currency = check_currency(reporting_currency, field="reporting_currency")
    clean_or_raise(portfolio)
    portfolio.save()
    return portfolio


# --- investments ------------------------------------------------------------------------


def _location(landscape: Landscape, location: dict | None):
    """The normalized location, checked to lie inside the landscape's boundary."""
    if not location:
        return None
    if not isinstance(location, dict) or "type" not in location:
        raise ApplicationError(_("The location must be a GeoJSON geometry."), field="location")
    if location.get("type") not in ("Point", "Polygon", "MultiPolygon"):
        raise ApplicationError(
            _("The location must be a point or a polygon."), field="location"
        )  # fmt: skip
    try:
        normalized = normalize_geometry(location)
    except BoundaryError as error:
        message = getattr(error, "message", None) or str(error)
        raise ApplicationError(message, field="location") from error
    boundary = landscape.boundary
    if boundary and boundary.get("type") in ("Polygon", "MultiPolygon"):
        area = shape(boundary).buffer(1e-6)  # tolerate the rounding of stored coordinates
        if not area.covers(shape(normalized.geometry)):
            raise ApplicationError(
                _("The location is outside the boundary of %(landscape)s; place it inside.")
                % {"landscape": landscape.name},
                field="location",
            )
    return normalized


def _check_links(
    *,
    partnership: Partnership,
    landscape: Landscape,
    site: Site | None,
    results: list[Result],
    indicators: list[Indicator],
) -> None:
    if landscape.partnership_id != partnership.pk:
        raise ApplicationError(_("Choose one of the partnership's landscapes."), field="landscape")
    if site is not None and (
        site.partnership_id != partnership.pk or site.landscape_id != landscape.pk
    ):
        raise ApplicationError(_("Choose a site of the investment's landscape."), field="site")
    if any(r.partnership_id != partnership.pk for r in results):
        raise ApplicationError(
            _("Choose results of this partnership's framework."), field="results"
        )
    if any(i.partnership_id != partnership.pk for i in indicators):
        raise ApplicationError(_("Choose indicators of this partnership."), field="indicators")


def _apply(
    investment: Investment,
    *,
    name: str,
    summary: str,
    kind: str,
    sector: str,
    stage: str,
    total_cost: Decimal,
    currency: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    lead_organization: Organization | None,
    landscape: Landscape,
    site: Site | None,
    location: dict | None,
    risk_level: str,
) -> None:
    investment.name = name.strip()
    investment.summary = summary.strip()
    investment.kind, investment.sector, investment.stage = kind, sector, stage
    check_amount(total_cost, field="total_cost")
    investment.total_cost = total_cost
    investment.currency = check_currency(currency)
    investment.start_date, investment.end_date = start_date, end_date
    investment.lead_organization = lead_organization
    investment.landscape, investment.site = landscape, site
    investment.risk_level = risk_level
    normalized = _location(landscape, location)
    if normalized is None:
        investment.location = None
        investment.clear_geometry_columns()
    else:
        investment.location = normalized.geometry
        investment.set_geometry_columns(normalized)


def _check_name(investment: Investment) -> None:
    duplicate = Investment.objects.filter(
        portfolio_id=investment.portfolio_id, name__iexact=investment.name
    ).exclude(pk=investment.pk)
    if duplicate.exists():
        raise ApplicationError(
            _("The portfolio already has an investment with this name."), field="name"
        )


@transaction.atomic
def investment_create(
    *,
    partnership: Partnership,
    name: str,
    kind: str,
    sector: str,
    total_cost: Decimal,
    currency: str,
    landscape: Landscape,
    summary: str = "",
    stage: str = Stage.IDEA,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    lead_organization: Organization | None = None,
    implementing_partners: Iterable[Organization] = (),
    site: Site | None = None,
    location: dict | None = None,
    results: Iterable[Result] = (),
    indicators: Iterable[Indicator] = (),
    risk_level: str = RiskLevel.MEDIUM,
    actor: User | None = None,
) -> Investment:
    results, indicators = list(results), list(indicators)
    _check_links(
        partnership=partnership, landscape=landscape, site=site, results=results,
        indicators=indicators,
    )  # fmt: skip
    portfolio = portfolio_get_or_create(partnership=partnership)
    investment = Investment(partnership=partnership, portfolio=portfolio, created_by=actor)
    _apply(
        investment, name=name, summary=summary, kind=kind, sector=sector, stage=stage,
        total_cost=total_cost, currency=currency, start_date=start_date, end_date=end_date,
        lead_organization=lead_organization, landscape=landscape, site=site,
        location=location, risk_level=risk_level,
    )  # fmt: skip
    _check_name(investment)
    clean_or_raise(investment)
    investment.save()
    investment.implementing_partners.set(list(implementing_partners))
    investment.results.set(results)
    investment.indicators.set(indicators)
    return investment


@transaction.atomic
def investment_update(
    *,
    investment: Investment,
    name: str,
    kind: str,
    sector: str,
    total_cost: Decimal,
    currency: str,
    landscape: Landscape,
    summary: str = "",
    stage: str = Stage.IDEA,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    lead_organization: Organization | None = None,
    implementing_partners: Iterable[Organization] = (),
    site: Site | None = None,
    location: dict | None = None,
    results: Iterable[Result] = (),
    indicators: Iterable[Indicator] = (),
    risk_level: str = RiskLevel.MEDIUM,
) -> Investment:
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    results, indicators = list(results), list(indicators)
    _check_links(
        partnership=investment.partnership, landscape=landscape, site=site, results=results,
        indicators=indicators,
    )  # fmt: skip
    old_stage = investment.stage
    _apply(
        investment, name=name, summary=summary, kind=kind, sector=sector, stage=stage,
        total_cost=total_cost, currency=currency, start_date=start_date, end_date=end_date,
        lead_organization=lead_organization, landscape=landscape, site=site,
        location=location, risk_level=risk_level,
    )  # fmt: skip
    _check_name(investment)
    clean_or_raise(investment)
    outside = _transactions_outside(investment)
    if outside:
        field = "start_date" if start_date and outside[0] < start_date else "end_date"
        raise ApplicationError(
            _(
                "%(count)s transaction(s) are dated outside these dates (the first on "
                "%(date)s); change or remove them first."
            )
            % {"count": len(outside), "date": outside[0].isoformat()},
            field=field,
        )
    investment.save()
    investment.implementing_partners.set(list(implementing_partners))
    investment.results.set(results)
    investment.indicators.set(indicators)
    if old_stage != investment.stage:
        _publish_stage_change(investment, old_stage)
    return investment


def _transactions_outside(investment: Investment) -> list[datetime.date]:
    qs = Transaction.objects.for_partnership(investment.partnership).filter(investment=investment)
    outside = qs.none()
    if investment.start_date:
        outside = outside | qs.filter(date__lt=investment.start_date)
    if investment.end_date:
        outside = outside | qs.filter(date__gt=investment.end_date)
    return list(outside.order_by("date").values_list("date", flat=True))


def _publish_stage_change(investment: Investment, old_stage: str) -> None:
    events.publish(
        "investment.stage_changed",
        partnership_id=investment.partnership_id,
        object_uuid=investment.uuid,
        data={
            "investment": str(investment.uuid),
            "name": investment.name,
            "from": old_stage,
            "to": investment.stage,
        },
    )


@transaction.atomic
def investment_set_stage(*, investment: Investment, stage: str) -> Investment:
    if stage not in Stage.values:
        raise ApplicationError(_("Choose a stage of the pipeline."), field="stage")
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    old_stage = investment.stage
    if old_stage == stage:
        return investment
    investment.stage = stage
    clean_or_raise(investment)
    investment.save(update_fields=["stage", "updated_at"])
    _publish_stage_change(investment, old_stage)
    return investment


@transaction.atomic
def investment_delete(*, investment: Investment) -> None:
    for document in investment.documents.all():
        stored = document.file
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))
    investment.delete()


# --- documents --------------------------------------------------------------------------


def document_check(file: UploadedFile) -> None:
    """Refuse a document by its size, extension and declared type before reading it, then
    by its first bytes."""
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in DOCUMENT_TYPES:
        raise ApplicationError(
            _("Upload a PDF, an Office document (Word, Excel, PowerPoint, OpenDocument) or an "
              "image (PNG, JPEG, WebP)."),
            field="file",
        )  # fmt: skip
    if file.size is None or file.size > MAX_DOCUMENT_BYTES:
        raise ApplicationError(_("The document must be smaller than 20 MB."), field="file")
    content_types, signatures = DOCUMENT_TYPES[extension]
    declared = (getattr(file, "content_type", "") or "").split(";")[0].strip()
    if declared not in content_types and declared not in GENERIC_CONTENT_TYPES:
        raise ApplicationError(
            _("The file says it is %(type)s, which does not match its name.") % {"type": declared},
            field="file",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ApplicationError(
            _("The file's content is not a %(ext)s file.") % {"ext": extension.lstrip(".").upper()},
            field="file",
        )


@transaction.atomic
def document_add(
    *,
    investment: Investment,
    title: str,
    file: UploadedFile,
    shared_with_funders: bool = True,
    actor: User | None = None,
) -> InvestmentDocument:
    document_check(file)
    document = InvestmentDocument(
        partnership=investment.partnership,
        investment=investment,
        title=(title or "").strip() or os.path.splitext(os.path.basename(file.name))[0][:200],
        shared_with_funders=shared_with_funders,
        uploaded_by=actor,
    )
    document.file = file
    clean_or_raise(document)
    document.save()
    return document


@transaction.atomic
def document_delete(*, document: InvestmentDocument) -> None:
    stored = document.file
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
