"""Targets and measurements: entry, the review workflow, approved-value revisions,
evidence files, period locks, and the fast bulk writer ``measurements_copy_in``."""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

import psycopg
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub import events
from hub.models import User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from mel.models import (
    Indicator,
    Measurement,
    MeasurementEvidence,
    MeasurementRevision,
    MeasurementStatus,
    PeriodLock,
    Target,
)
from mel.services.framework import _clean
from mel.services.rows import CleanRow, InputRow, RowContext, RowError, validate_rows
from partnerships.models import Membership, Partnership
from partnerships.roles import MelPerm, Role

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".csv": {"text/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".txt": {"text/plain"},
}


def _raise_first(errors: Sequence[RowError]) -> None:
    if errors:
        error = errors[0]
        field = (
            error.column
            if error.column in {"value", "target", "period_start", "period_end", "indicator"}
            else "disaggregations"
        )
        raise ApplicationError(error.message, field=field)


def _hold_periods(partnership_id: int, *, exclusive: bool = False) -> None:
    """Serialize writes of values with the locking of periods, until the transaction
    ends: a period locked while an import was being checked is seen by its write."""
    query = (
        "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"
        if exclusive
        else "SELECT pg_advisory_xact_lock_shared(hashtextextended(%s, 0))"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [f"mel-periods:{partnership_id}"])


def _locked_rows(partnership: Partnership, rows: Sequence[CleanRow]) -> list[RowError]:
    locks = list(PeriodLock.objects.for_partnership(partnership).values_list("start", "end"))
    message = _("This period is locked: ask a leader or MEL officer.")
    return [
        RowError(row.row, "period_start", message)
        for row in rows
        if any(start <= row.period_end and end >= row.period_start for start, end in locks)
    ]


def _check_unlocked(partnership: Partnership, start: datetime.date, end: datetime.date) -> None:
    _hold_periods(partnership.pk)
    if (
        PeriodLock.objects.for_partnership(partnership)
        .filter(start__lte=end, end__gte=start)
        .exists()
    ):
        raise ApplicationError(
            _("This period is locked: ask a leader or MEL officer."), field="period_start"
        )


# --- the bulk writer -----------------------------------------------------------------

_COPY_COLUMNS = "indicator_id, period_start, period_end, value, breakdown, narrative"
_INSERT_MEASUREMENTS = """
            INSERT INTO mel_measurement (
                uuid, created_at, updated_at, partnership_id, indicator_id, period_start, period_end, value, breakdown, narrative, status,
                review_comment, entered_by_id, submitted_at, import_batch_id)
            SELECT gen_random_uuid(), %(now)s, %(now)s, %(partnership)s, indicator_id, period_start, period_end, value, breakdown, narrative,
                %(status)s, '', %(entered_by)s, %(submitted_at)s, %(batch)s
            FROM mel_measurement_in
            ON CONFLICT (indicator_id, period_start) DO UPDATE SET
                period_end = EXCLUDED.period_end, value = EXCLUDED.value,
                breakdown = EXCLUDED.breakdown, narrative = EXCLUDED.narrative,
                status = EXCLUDED.status, review_comment = '',
                entered_by_id = EXCLUDED.entered_by_id, submitted_at = EXCLUDED.submitted_at,
                import_batch_id = EXCLUDED.import_batch_id, updated_at = EXCLUDED.updated_at
            WHERE mel_measurement.status IN ('draft', 'returned')
              AND mel_measurement.partnership_id = EXCLUDED.partnership_id
            """


_COPY_MEASUREMENTS = (
    "COPY mel_measurement (uuid, created_at, updated_at, partnership_id, indicator_id,"
    " period_start, period_end, value, breakdown, narrative, status, review_comment,"
    " entered_by_id, submitted_at, import_batch_id) FROM STDIN"
)


def _may_overwrite(cursor, rows: list[tuple]) -> bool:
    """Whether a measurement already exists for one of the rows' indicators within the
    rows' span of periods (one probe of the (indicator, period_start) unique index)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM mel_measurement WHERE indicator_id = ANY(%s)"
        " AND period_start BETWEEN %s AND %s)",
        [
            sorted({row[0] for row in rows}),
            min(row[1] for row in rows),
            max(row[1] for row in rows),
        ],
    )
    return cursor.fetchone()[0]


@transaction.atomic
def measurements_copy_in(
    *,
    partnership_id: int,
    rows: Iterable[tuple],
    status: str = MeasurementStatus.DRAFT,
    entered_by_id: int | None = None,
    import_batch_id: int | None = None,
) -> int:
    """Write validated measurement rows fast. New periods only (the usual import of
    fresh data): one COPY straight into ``mel_measurement``. Otherwise (or when a
    concurrent write took one of the periods meanwhile): COPY into a temporary table,
    then one INSERT … SELECT that creates new rows and overwrites draft or returned
    ones. Either way the history trigger records every row, in the same transaction.

    ``rows`` are ``(indicator_id, period_start, period_end, value, breakdown_json,
    narrative)`` tuples, already validated (``validate_rows``; no two for one indicator
    and period). Rows whose existing measurement is submitted or approved are left
    alone. Returns the rows written."""
    rows = list(rows)
    if not rows:
        return 0
    now = timezone.now()
    submitted_at = now if status == MeasurementStatus.SUBMITTED else None
    status = str(status)
    with connection.cursor() as cursor:
        if not _may_overwrite(cursor, rows):
            try:
                with transaction.atomic(), cursor.cursor.copy(_COPY_MEASUREMENTS) as copy:
                    uuid4, write = uuid.uuid4, copy.write_row
                    for row in rows:
                        write((uuid4(), now, now, partnership_id, *row, status, "",
                               entered_by_id, submitted_at, import_batch_id))  # fmt: skip
                return len(rows)
            except (IntegrityError, psycopg.errors.UniqueViolation):
                pass  # rolled back to the savepoint: upsert below
        cursor.execute(
            "CREATE TEMP TABLE mel_measurement_in ("
            " indicator_id bigint, period_start date, period_end date, value numeric(20,4),"
            " breakdown jsonb, narrative text) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY mel_measurement_in ({_COPY_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            _INSERT_MEASUREMENTS,
            {
                "now": now,
                "partnership": partnership_id,
                "status": status,
                "entered_by": entered_by_id,
                "submitted_at": submitted_at,
                "batch": import_batch_id,
            },
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE mel_measurement_in")
    return written


@transaction.atomic
def targets_upsert(*, partnership_id: int, rows: Iterable[tuple]) -> int:
    """``(indicator_id, period_start, period_end, value)`` rows, already validated."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE mel_target_in (indicator_id bigint, period_start date,"
            " period_end date, value numeric(20,4)) ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            "COPY mel_target_in (indicator_id, period_start, period_end, value) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            """
            INSERT INTO mel_target (uuid, created_at, updated_at, partnership_id, indicator_id,
                                    period_start, period_end, value)
            SELECT gen_random_uuid(), %(now)s, %(now)s, %(partnership)s, indicator_id,
                   period_start, period_end, value
            FROM mel_target_in
            ON CONFLICT (indicator_id, period_start) DO UPDATE SET
                period_end = EXCLUDED.period_end, value = EXCLUDED.value,
                updated_at = EXCLUDED.updated_at
            WHERE mel_target.partnership_id = EXCLUDED.partnership_id
            """,
            {"now": now, "partnership": partnership_id},
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE mel_target_in")
    return written


@transaction.atomic
@transaction.atomic
def rows_write(
    *,
    partnership: Partnership,
    rows: Sequence[CleanRow],
    actor: User | None,
    submit: bool = False,
    import_batch_id: int | None = None,
) -> tuple[int, int]:
    """Write validated rows: their measurements and targets. Returns (measurements, targets).

    Raises ``RowsRefused`` (nothing written) for the rows whose period was locked after
    they were validated."""
    _hold_periods(partnership.pk)
    locked = _locked_rows(partnership, rows)
    if locked:
        raise RowsRefused(locked)
    status = MeasurementStatus.SUBMITTED if submit else MeasurementStatus.DRAFT
    measurements = measurements_copy_in(
        partnership_id=partnership.pk,
        rows=(row.copy_tuple() for row in rows if row.value is not None),
        status=status,
        entered_by_id=actor.pk if actor else None,
        import_batch_id=import_batch_id,
    )
    targets = targets_upsert(
        partnership_id=partnership.pk,
        rows=(
            (row.indicator_id, row.period_start, row.period_end, row.target)
            for row in rows
            if row.target is not None
        ),
    )
    return measurements, targets


class RowsRefused(ApplicationError):
    def __init__(self, errors: list[RowError]):
        super().__init__(
            _("Nothing was written: %(count)s rows have errors.")
            % {"count": len({e.row for e in errors})}
        )
        self.errors = errors


@transaction.atomic
def rows_create(
    *,
    partnership: Partnership,
    rows: list[InputRow],
    actor: User | None,
    submit: bool = False,
) -> tuple[int, int]:
    """All-or-nothing: validate every row; write nothing when one has an error
    (``RowsRefused`` lists them all)."""
    clean, errors = validate_rows(partnership, rows)
    if errors:
        raise RowsRefused(errors)
    return rows_write(partnership=partnership, rows=clean, actor=actor, submit=submit)


# --- one target, one measurement --------------------------------------------------------


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date | None = None,
    value,
) -> Target:
    row = InputRow(
        row=1,
        indicator=str(indicator.uuid),
        period_start=period_start,
        period_end=period_end,
        target=value,
    )
    clean, errors = validate_rows(
        indicator.partnership,
        [row],
        context=RowContext(indicator.partnership, indicator_ids=[indicator.pk]),
    )
    _raise_first(errors)
    targets_upsert(
        partnership_id=indicator.partnership_id,
        rows=[(indicator.pk, clean[0].period_start, clean[0].period_end, clean[0].target)],
    )
    return Target.objects.get(indicator=indicator, period_start=clean[0].period_start)


@transaction.atomic
def target_delete(*, target: Target) -> None:
    _check_unlocked(target.partnership, target.period_start, target.period_end)
    target.delete()


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date | None = None,
    value,
    breakdown: dict | None = None,
    narrative: str = "",
    actor: User | None,
    submit: bool = False,
) -> Measurement:
    partnership = indicator.partnership
    if Measurement.objects.filter(indicator=indicator, period_start=period_start).exists():
        raise ApplicationError(
            _("There is already a value for this period: open it to change it."),
            field="period_start",
        )
    row = InputRow(
        row=1,
        indicator=str(indicator.uuid),
        period_start=period_start,
        period_end=period_end,
        value=value,
        breakdown=breakdown or {},
        narrative=narrative,
    )
    clean, errors = validate_rows(
        partnership, [row], context=RowContext(partnership, indicator_ids=[indicator.pk])
    )
    _raise_first(errors)
    data = clean[0]
    measurement = Measurement(
        partnership=partnership,
        indicator=indicator,
        period_start=data.period_start,
        period_end=data.period_end,
        value=data.value,
        breakdown=data.breakdown,
        narrative=data.narrative,
        entered_by=actor,
    )
    _clean(measurement)
    measurement.save()
    if submit:
        measurement = measurement_submit(measurement=measurement, actor=actor)
    return measurement


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    value,
    breakdown: dict | None = None,
    narrative: str = "",
    actor: User,
    change_reason: str = "",
) -> Measurement:
    """Change a draft or returned value; an approved one only with a reason (kept in a
    revision) and by someone who may approve. A submitted value waits for review."""
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    partnership = measurement.partnership
    if measurement.status == MeasurementStatus.SUBMITTED:
        raise ApplicationError(
            _("This value is waiting for review: it can change once it is returned.")
        )
    is_approved = measurement.status == MeasurementStatus.APPROVED
    if is_approved:
        if not actor.has_perm(MelPerm.APPROVE_MEASUREMENT, partnership):
            raise ApplicationError(_("Only a leader or MEL officer can change an approved value."))
        if not change_reason.strip():
            raise ApplicationError(_("Say why this approved value changes."), field="change_reason")
    row = InputRow(
        row=1,
        indicator=str(measurement.indicator.uuid),
        period_start=measurement.period_start,
        period_end=measurement.period_end,
        value=value,
        breakdown=breakdown or {},
        narrative=narrative,
    )
    clean, errors = validate_rows(
        partnership,
        [row],
        context=RowContext(partnership, indicator_ids=[measurement.indicator_id]),
        allow_reviewed=True,
    )
    _raise_first(errors)
    data = clean[0]
    if is_approved and (data.value != measurement.value or data.breakdown != measurement.breakdown):
        MeasurementRevision.objects.create(
            partnership=partnership,
            measurement=measurement,
            old_value=measurement.value,
            new_value=data.value,
            old_breakdown=measurement.breakdown,
            new_breakdown=data.breakdown,
            change_reason=change_reason.strip(),
            changed_by=actor,
        )
    measurement.value, measurement.breakdown, measurement.narrative = (
        data.value,
        data.breakdown,
        data.narrative,
    )
    if not is_approved:
        measurement.entered_by = actor
    _clean(measurement)
    measurement.save()
    return measurement


def approvers(partnership: Partnership) -> list[User]:
    return [
        m.user
        for m in Membership.objects.for_partnership(partnership)
        .filter(role__in=[Role.LEADER, Role.MEL_OFFICER], user__is_active=True)
        .select_related("user")
    ]


def _indicator_url(measurement: Measurement) -> str:
    return reverse(
        "mel:indicator-detail",
        args=[measurement.partnership.slug, measurement.indicator.uuid],
    )


@transaction.atomic
def measurement_submit(*, measurement: Measurement, actor: User | None) -> Measurement:
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if not measurement.is_editable:
        raise ApplicationError(_("Only a draft or returned value can be submitted."))
    _check_unlocked(measurement.partnership, measurement.period_start, measurement.period_end)
    measurement.status = MeasurementStatus.SUBMITTED
    measurement.submitted_at = timezone.now()
    measurement.save(update_fields=["status", "submitted_at", "updated_at"])
    recipients = [user for user in approvers(measurement.partnership) if user != actor]
    notify(
        recipients=recipients,
        kind=kinds.MEL,
        title=format_lazy(
            gettext_lazy("A value of {code} waits for your review"), code=measurement.indicator.code
        ),
        body=f"{measurement.indicator.name} · {measurement.period_start} – {measurement.period_end}",
        url=_indicator_url(measurement),
        dedup_key=f"mel-submitted:{measurement.uuid}:{measurement.submitted_at.isoformat()}",
    )
    _publish(measurement, "measurement.submitted")
    return measurement


def _publish(measurement: Measurement, event_type: str) -> None:
    """Announce a submitted or approved value to the partnership's webhooks."""
    events.publish(
        event_type,
        partnership_id=measurement.partnership_id,
        object_uuid=measurement.uuid,
        data={
            "measurement": str(measurement.uuid),
            "indicator": str(measurement.indicator.uuid),
            "indicator_code": measurement.indicator.code,
            "period_start": measurement.period_start.isoformat(),
            "period_end": measurement.period_end.isoformat(),
            "status": measurement.status,
        },
    )


def _review(
    measurement: Measurement, *, actor: User, status: str, comment: str = ""
) -> Measurement:
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if measurement.status != MeasurementStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted value can be approved or returned."))
    _check_unlocked(measurement.partnership, measurement.period_start, measurement.period_end)
    measurement.status = status
    measurement.review_comment = comment.strip()
    measurement.reviewed_by = actor
    measurement.reviewed_at = timezone.now()
    measurement.save(
        update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return measurement


@transaction.atomic
def measurement_approve(*, measurement: Measurement, actor: User) -> Measurement:
    measurement = _review(measurement, actor=actor, status=MeasurementStatus.APPROVED)
    _publish(measurement, "measurement.approved")
    return measurement


@transaction.atomic
def measurements_approve(*, partnership: Partnership, uuids: Iterable, actor: User) -> int:
    """Approve the submitted values among ``uuids`` (others are left alone)."""
    rows = Measurement.objects.for_partnership(partnership).filter(
        uuid__in=list(uuids), status=MeasurementStatus.SUBMITTED
    )
    locks = list(PeriodLock.objects.for_partnership(partnership).values_list("start", "end"))
    for start, end in locks:
        rows = rows.exclude(period_start__lte=end, period_end__gte=start)
    approved = list(rows.select_related("indicator").select_for_update(of=("self",)))
    count = rows.update(
        status=MeasurementStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_comment="",
        updated_at=timezone.now(),
    )
    for measurement in approved:
        measurement.status = MeasurementStatus.APPROVED
        _publish(measurement, "measurement.approved")
    return count


@transaction.atomic
def measurement_return(*, measurement: Measurement, actor: User, comment: str) -> Measurement:
    if not comment.strip():
        raise ApplicationError(_("Say what needs to change."), field="comment")
    measurement = _review(
        measurement, actor=actor, status=MeasurementStatus.RETURNED, comment=comment
    )
    if measurement.entered_by_id and measurement.entered_by_id != actor.pk:
        notify(
            recipients=[measurement.entered_by],
            kind=kinds.MEL,
            title=format_lazy(
                gettext_lazy("Your value of {code} was returned"), code=measurement.indicator.code
            ),
            body=measurement.review_comment,
            url=_indicator_url(measurement),
            dedup_key=f"mel-returned:{measurement.uuid}:{measurement.reviewed_at.isoformat()}",
        )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> None:
    if not measurement.is_editable:
        raise ApplicationError(_("Only a draft or returned value can be deleted."))
    _check_unlocked(measurement.partnership, measurement.period_start, measurement.period_end)
    measurement.delete()


# --- evidence -----------------------------------------------------------------------------


def check_upload(upload, *, allowed: dict[str, set[str]], max_bytes: int) -> None:
    """Refuse a file by its size, extension and declared type before reading it."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in allowed:
        raise ApplicationError(
            _("This kind of file is not accepted; use %(kinds)s.")
            % {"kinds": ", ".join(sorted(allowed))},
            field="file",
        )
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type and content_type not in allowed[extension] | {"application/octet-stream"}:
        raise ApplicationError(
            _("The file's type (%(type)s) does not match its name.") % {"type": content_type},
            field="file",
        )
    if upload.size > max_bytes:
        raise ApplicationError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)},
            field="file",
        )


@transaction.atomic
def evidence_add(
    *, measurement: Measurement, upload, title: str = "", actor: User
) -> MeasurementEvidence:
    check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
    _check_unlocked(measurement.partnership, measurement.period_start, measurement.period_end)
    evidence = MeasurementEvidence(
        partnership=measurement.partnership,
        measurement=measurement,
        title=(title or os.path.basename(upload.name))[:200],
        uploaded_by=actor,
    )
    evidence.file.save(os.path.basename(upload.name), upload, save=False)
    _clean(evidence)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: MeasurementEvidence) -> None:
    measurement = evidence.measurement
    _check_unlocked(measurement.partnership, measurement.period_start, measurement.period_end)
    evidence.file.delete(save=False)
    evidence.delete()


# --- locks --------------------------------------------------------------------------------


@transaction.atomic
def period_lock(
    *,
    partnership: Partnership,
    start: datetime.date,
    end: datetime.date,
    reason: str = "",
    actor: User,
) -> PeriodLock:
    if end < start:
        raise ApplicationError(_("The period ends before it starts."), field="end")
    _hold_periods(partnership.pk, exclusive=True)
    lock = PeriodLock(partnership=partnership, start=start, end=end, reason=reason, locked_by=actor)
    _clean(lock)
    lock.save()
    return lock


@transaction.atomic
def period_unlock(*, lock: PeriodLock) -> None:
    lock.delete()


def as_decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
