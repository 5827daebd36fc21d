"""Writes for the integrated landscape management process tracker."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from hub.services import ApplicationError
from partnerships.models import Partnership, ProcessStage, StageEvidence, StageProgress
from partnerships.services.governance import upload_check


@transaction.atomic
def stage_progress_open(*, partnership: Partnership, stage: ProcessStage) -> StageProgress:
    """The partnership's progress row for ``stage``, created (not started) if missing."""
    if not stage.is_active:
        raise ApplicationError(_("This stage is no longer in use."), field="stage")
    progress, _created = StageProgress.objects.get_or_create(partnership=partnership, stage=stage)
    return progress


@transaction.atomic
def stage_progress_update(
    *,
    progress: StageProgress,
    status: str,
    started_on: datetime.date | None,
    completed_on: datetime.date | None,
    notes: str,
) -> StageProgress:
    if status not in StageProgress.Status.values:
        raise ApplicationError(_("Choose a valid status."), field="status")
    if status == StageProgress.Status.NOT_STARTED and (started_on or completed_on):
        raise ApplicationError(
            _("A stage that has not started has no start or completion date."), field="status"
        )
    if status == StageProgress.Status.COMPLETED and completed_on is None:
        raise ApplicationError(_("Enter the date the stage was completed."), field="completed_on")
    if status == StageProgress.Status.IN_PROGRESS and completed_on is not None:
        raise ApplicationError(
            _("A stage in progress has no completion date yet."), field="completed_on"
        )
    if started_on and completed_on and completed_on < started_on:
        raise ApplicationError(
            _("The completion date must be on or after the start date."), field="completed_on"
        )
    progress.status, progress.started_on, progress.completed_on = status, started_on, completed_on
    progress.notes = notes.strip()
    progress.full_clean()
    progress.save()
    return progress


@transaction.atomic
def stage_evidence_add(
    *, progress: StageProgress, title: str, url: str = "", file: UploadedFile | None = None
) -> StageEvidence:
    if not url and file is None:
        raise ApplicationError(_("Add a link or a file."), field="url")
    if url and file is not None:
        raise ApplicationError(_("Add either a link or a file, not both."), field="file")
    if file is not None:
        upload_check(file)
    evidence = StageEvidence(
        partnership_id=progress.partnership_id,
        progress=progress,
        title=title.strip(),
        url=url.strip(),
    )
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def stage_evidence_remove(*, evidence: StageEvidence) -> None:
    file = evidence.file
    evidence.delete()
    if file:
        transaction.on_commit(lambda: file.delete(save=False))
