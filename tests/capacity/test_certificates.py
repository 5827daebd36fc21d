"""The certificate batch runs in a real Celery worker; the PDFs say what they should."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from capacity.models import Certificate
from capacity.services.certificates import certificate_batch_start
from hub.models import Job
from hub.services import ApplicationError
from tests.capacity.factories import CohortFactory, EnrollmentFactory
from tests.hub.factories import StaffUserFactory
from tests.worker import wait_for


def _pdf_text(certificate) -> str:
    with certificate.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_certificate_job_issues_pdfs_to_those_who_completed_only(celery_worker, client):
    cohort = CohortFactory(
        program__title="Integrated landscape management foundations", name="Cohort 2025"
    )
    done = EnrollmentFactory(cohort=cohort, status="completed", completed_on=datetime.date(2025, 4, 30),
                             participant__name="Mary Nafula")  # fmt: skip
    EnrollmentFactory(cohort=cohort, participant__name="John Wafula")
    staff = StaffUserFactory()

    job = certificate_batch_start(cohort=cohort, actor=staff)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error + celery_worker.log()[-3000:]
    certificate = Certificate.objects.get()
    assert certificate.enrollment == done
    text = _pdf_text(certificate)
    assert "Mary Nafula" in text
    assert "Integrated landscape management foundations" in text
    assert certificate.code in text
    assert "30 April 2025" in text
    assert reverse("capacity-verify", args=[certificate.code]) in text
    page = client.get(reverse("capacity-verify", args=[certificate.code]))
    assert page.status_code == 200 and "Valid certificate" in page.content.decode()

    again = certificate_batch_start(cohort=cohort, actor=staff)
    wait_for(lambda: Job.objects.get(pk=again.pk).is_finished)
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_a_certificate_batch_without_completions_is_refused():
    cohort = CohortFactory()
    EnrollmentFactory(cohort=cohort)

    with pytest.raises(ApplicationError, match="Nobody has completed this cohort yet"):
        certificate_batch_start(cohort=cohort, actor=StaffUserFactory())

    assert Job.objects.count() == 0
