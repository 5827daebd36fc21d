"""The schema describes the error answers too: every operation lists the 4xx codes it
can give, each with the one error shape (``Error``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from hub.api.serializers import ErrorSerializer

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
ERROR_DESCRIPTIONS = {
    "400": _("Invalid fields, filters or page size."),
    "401": _("No credentials, or an invalid, revoked or expired API key."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("Unknown, or not visible to the caller; or an invalid cursor."),
    "429": _("Too many requests: wait for the number of seconds in Retry-After."),
}


class HubAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        is_list = self.method == "GET" and self._is_list_view()
        codes = []
        if self.method in UNSAFE or is_list:
            codes.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or is_list:
            codes.append("404")
        codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
