from django.http import Http404
from django.views.generic import TemplateView

from capacity.models import Certificate
from capacity.services.certificates import normalize_code


class CertificateVerifyView(TemplateView):
    """Public: anyone with the code sees whether the certificate is valid."""

    template_name = "capacity/verify.html"

    def get_context_data(self, **kwargs):
        code = normalize_code(self.kwargs["code"])
        certificate = (
            Certificate.objects.select_related(
                "enrollment__participant", "enrollment__cohort__program__provider"
            )
            .filter(code=code)
            .first()
        )
        if certificate is None:
            raise Http404
        return super().get_context_data(
            certificate=certificate,
            participant=certificate.enrollment.participant,
            cohort=certificate.enrollment.cohort,
            program=certificate.enrollment.cohort.program,
            **kwargs,
        )
