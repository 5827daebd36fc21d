from __future__ import annotations

import base64
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.models import Certificate, Cohort, Enrollment
from hub.jobs.services import job_create
from hub.models import Job, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError

CERTIFICATE_TASK = "capacity.tasks.certificate_batch_task"


def new_code() -> str:
    """120 random bits as six groups of four letters and digits: XXXX-XXXX-..."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def normalize_code(code: str) -> str:
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _render(certificate: Certificate) -> None:
    from capacity.pdf import certificate_pdf

    pdf = certificate_pdf(certificate)
    if certificate.file:
        certificate.file.delete(save=False)
    certificate.file.save(f"{certificate.uuid}.pdf", ContentFile(pdf), save=False)
    certificate.save(update_fields=["file", "updated_at"])


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    """The certificate of a participant who completed, with its PDF. Issuing again
    returns the same certificate (and renders a missing PDF)."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("participant", "cohort__program__provider")
        .get(pk=enrollment.pk)
    )
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise ApplicationError(
            _("%(name)s has not completed the cohort, so there is no certificate to issue.")
            % {"name": enrollment.participant.display_name},
            field="enrollment",
        )
    if enrollment.participant.is_withdrawn:
        raise ApplicationError(
            _("This person withdrew consent; a certificate cannot carry their name."),
            field="enrollment",
        )
    certificate = Certificate.objects.filter(enrollment=enrollment).first()
    created = certificate is None
    if created:
        certificate = Certificate(
            enrollment=enrollment,
            partnership_id=enrollment.partnership_id,
            code=new_code(),
            issued_on=enrollment.completed_on or timezone.localdate(),
        )
        certificate.full_clean(exclude=["file"])
        certificate.save()
    if not certificate.file and certificate.is_valid:
        _render(certificate)
    user = enrollment.participant.user
    if created and user is not None:
        notify(
            recipients=[user],
            kind=kinds.CAPACITY,
            title=format_lazy(
                gettext_lazy("Your certificate for “{program}”"),
                program=enrollment.cohort.program.title,
            ),
            body=gettext_lazy("Anyone can check it with its verification code."),
            url=reverse("capacity-verify", args=[certificate.code]),
            dedup_key=f"certificate:{certificate.uuid}",
        )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, actor: User | None = None
) -> Certificate:
    """Revoke a certificate, with the reason the public verification page shows.
    Revoking twice keeps the first date and reason. (Who revoked it is in the
    certificate's history, recorded by the database trigger with the request's user.)"""
    reason = " ".join(reason.split())
    if not reason:
        raise ApplicationError(_("Say why the certificate is revoked."), field="reason")
    if len(reason) > 300:
        raise ApplicationError(
            _("Keep the reason under 300 characters (it has %(count)s).") % {"count": len(reason)},
            field="reason",
        )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.full_clean(exclude=["file"])
        certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    return certificate


@transaction.atomic
def certificate_batch_start(*, cohort: Cohort, actor: User) -> Job:
    """Issue the certificates of everyone who completed ``cohort``, in a job."""
    completed = cohort.enrollments.filter(
        status=Enrollment.Status.COMPLETED, participant__consent_withdrawn_at__isnull=True
    )
    if not completed.exists():
        raise ApplicationError(_("Nobody has completed this cohort yet: mark completions first."))
    return job_create(
        owner=actor,
        kind="capacity.certificates",
        title=_("Certificates for %(cohort)s") % {"cohort": cohort},
        task_name=CERTIFICATE_TASK,
        params={"cohort_uuid": str(cohort.uuid)},
    )
