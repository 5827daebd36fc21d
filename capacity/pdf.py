"""Certificate PDFs with WeasyPrint (HTML and CSS to PDF)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from capacity.models import Certificate


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("capacity-verify", args=[code])


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML

    enrollment = certificate.enrollment
    program = enrollment.cohort.program
    with translation.override(program.language):
        html = render_to_string(
            "capacity/certificate_pdf.html",
            {
                "certificate": certificate,
                "participant": enrollment.participant,
                "cohort": enrollment.cohort,
                "program": program,
                "provider": program.provider,
                "verify_url": verification_url(certificate.code),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
