"""The schema describes the error answers too: every operation lists the 4xx codes it
can give, each with the one error shape (``Error``). It also documents the headers every
endpoint understands (ADR 0011): ``Idempotency-Key`` on writes, ``ETag`` and
``If-None-Match`` (304) on reads, ``If-Match`` (412) on updates of readable addresses."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.mixins import CreateModelMixin
from rest_framework.permissions import AllowAny

from hub.api.serializers import ErrorSerializer

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
ERROR_DESCRIPTIONS = {
    "400": _("Invalid fields, filters or page size."),
    "401": _("No credentials, or an invalid, revoked or expired API key."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("Unknown, or not visible to the caller; or an invalid cursor."),
    "412": _("If-Match names an ETag that is no longer current: read again and retry."),
    "422": _("The Idempotency-Key was already used for a different request."),
    "429": _("Too many requests: wait for the number of seconds in Retry-After."),
}
GUARDED = ("PUT", "PATCH", "DELETE")

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=_(
        "Up to 255 visible ASCII characters, unique per request (e.g. a UUID). A retry "
        "with the same key, method, address and body within 24 hours gets the first "
        "answer again (header `Idempotent-Replayed: true`) and writes nothing twice; the "
        "same key with another request is refused with 422."
    ),
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description=_("The ETag of the copy you have: 304 without a body when it is current."),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=_(
        "The ETag from your last read: the change is made only if the resource has not "
        "changed since (else 412 and nothing is written). Without it, the write is "
        "unconditional."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=["200", "304"],
    description=_("A strong tag of this representation; send it in If-None-Match or If-Match."),
)


def _may_be_blank(field) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    # Read-only fields of a ModelSerializer lose allow_blank: ask the model field.
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:  # a property or method
        return False


class HubAutoSchema(AutoSchema):
    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # An optional email or link is "" when not given: "format" would call that invalid.
        if schema.get("format") in ("email", "uri") and _may_be_blank(field):
            del schema["format"]

    def _is_create_operation(self) -> bool:
        # Views built from CreateModelMixin answer 201, also when they are not one of
        # DRF's ListCreateAPIView/CreateAPIView (e.g. TenantListCreateApi).
        return super()._is_create_operation() or (
            self.method == "POST" and isinstance(self.view, CreateModelMixin)
        )

    def _is_guarded(self) -> bool:
        return self.method in GUARDED and callable(getattr(self.view, "get", None))

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters += [IF_NONE_MATCH, ETAG]
        if self.method in UNSAFE:
            parameters.append(IDEMPOTENCY_KEY)
        if self._is_guarded():
            parameters.append(IF_MATCH)
            if self.method != "DELETE":
                parameters.append(ETAG)
        return parameters

    def _error_codes(self) -> list[str]:
        is_list = self.method == "GET" and self._is_list_view()
        codes = []
        takes_query = self.method == "GET" and any(
            parameter.get("in") == "query" for parameter in self._get_parameters()
        )
        if self.method in UNSAFE or is_list or takes_query:
            codes.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or is_list:
            codes.append("404")
        if self._is_guarded():
            codes.append("412")
        if self.method in UNSAFE:
            codes.append("422")
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
        if self.method == "GET":
            responses["304"] = {
                "description": str(_("Not modified: the ETag in If-None-Match is current.")),
                "headers": self._get_response_headers_for_code("304", direction),
            }
        return responses
