"""Bulk imports: all-or-nothing, with per-row errors; big files run as a Job."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable

import psycopg
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from hub.audit import audit_record
from hub.jobs.services import job_create
from hub.models import User
from hub.services import ApplicationError
from mel.imports import (
    IMPORT_TYPES,
    INLINE_ROWS,
    MAX_IMPORT_BYTES,
    ImportFileError,
    count_rows,
    read_rows,
)
from mel.models import ImportBatch
from mel.services.framework import _clean
from mel.services.measurements import RowsRefused, check_upload, rows_write
from mel.services.rows import RowContext, RowError, validate_rows
from partnerships.models import Partnership

MAX_STORED_ERRORS = 5_000

logger = logging.getLogger(__name__)


@transaction.atomic
def import_start(
    *, partnership: Partnership, upload, actor: User, submit: bool = False
) -> ImportBatch:
    """Store the file and import it now (small files) or in a Job (large ones)."""
    check_upload(upload, allowed=IMPORT_TYPES, max_bytes=MAX_IMPORT_BYTES)
    name = os.path.basename(upload.name)
    batch = ImportBatch(
        partnership=partnership, original_name=name[:200], created_by=actor, submit=submit
    )
    batch.file.save(name, upload, save=False)
    _clean(batch)
    batch.save()
    with batch.file.open("rb") as handle:
        rows = count_rows(handle, name)
    if rows > INLINE_ROWS:
        batch.job = job_create(
            owner=actor,
            partnership=partnership,
            kind="mel_import",
            title=_("Import of %(name)s") % {"name": name},
            task_name="mel.tasks.import_run_task",
            params={"batch_id": batch.pk},
        )
        batch.save(update_fields=["job", "updated_at"])
        return batch
    import_process(batch=batch)
    return batch


def _fail(batch: ImportBatch, errors: list[RowError]) -> ImportBatch:
    batch.status = ImportBatch.Status.FAILED
    batch.error_count = len(errors)
    batch.errors = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
    batch.save(update_fields=["status", "error_count", "errors", "updated_at"])
    return batch


def import_process(
    *, batch: ImportBatch, progress: Callable[[int, str], None] | None = None
) -> ImportBatch:
    """Read, validate every row, and write all of them, or none when one has an error."""
    report = progress or (lambda percent, message: None)
    if batch.status == ImportBatch.Status.DONE:
        return batch
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status", "updated_at"])
    report(5, _("Reading the file"))
    try:
        with batch.file.open("rb") as handle:
            rows, header_errors = read_rows(handle, batch.original_name)
    except ImportFileError as error:
        return _fail(batch, [RowError(1, "", str(error))])
    if header_errors:
        return _fail(batch, header_errors)
    batch.row_count = len(rows)
    if not rows:
        batch.save(update_fields=["row_count", "updated_at"])
        return _fail(batch, [RowError(1, "", _("No row has a value or a target."))])
    report(30, _("Checking %(count)s rows") % {"count": len(rows)})
    partnership = batch.partnership
    clean, errors = validate_rows(partnership, rows, context=RowContext(partnership))
    if errors:
        batch.save(update_fields=["row_count", "updated_at"])
        return _fail(batch, errors)
    report(60, _("Writing %(count)s rows") % {"count": len(clean)})
    try:
        with transaction.atomic():
            measurements, targets = rows_write(
                partnership=partnership,
                rows=clean,
                actor=batch.created_by,
                submit=batch.submit,
                import_batch_id=batch.pk,
            )
            batch.status = ImportBatch.Status.DONE
            batch.measurement_count, batch.target_count = measurements, targets
            batch.errors, batch.error_count = [], 0
            batch.save()
            audit_record(
                action="mel.import",
                actor=batch.created_by,
                subject=batch.original_name,
                partnership=partnership,
                data={"batch": str(batch.uuid), "measurements": measurements, "targets": targets},
            )
    except RowsRefused as refused:
        return _fail(batch, refused.errors)
    except (DatabaseError, psycopg.Error) as error:
        # rolled back: nothing of the file is written, and nothing was queued
        logger.warning("Import %s could not be written: %s", batch.pk, error)
        return _fail(batch, [_write_error(error, clean)])
    return batch


def _write_error(error: Exception, clean: list) -> RowError:
    """The file row the database refused (a COPY error names its line), or the file."""
    cause = error.__cause__ or error
    context = getattr(getattr(cause, "diag", None), "context", None) or ""
    match = re.search(r"COPY mel_measurement, line (\d+)", context)
    rows = [row for row in clean if row.value is not None]
    line = int(match.group(1)) if match else 0
    row = rows[line - 1].row if 0 < line <= len(rows) else 1
    detail = getattr(getattr(cause, "diag", None), "message_primary", None) or str(cause)
    return RowError(
        row, "", _("The database refused this row: %(detail)s") % {"detail": detail[:300]}
    )


def import_refuse_if_running(batch: ImportBatch) -> None:
    if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        raise ApplicationError(_("This import is still running."))
