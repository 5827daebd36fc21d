"""One error format for the whole API:

{"error": {"status": 400, "code": "invalid", "message": "...",
           "fields": {"name": ["This field is required."]}}}

``fields`` is present for 400 only. Django's ValidationError, Http404 and
PermissionDenied and the services' ApplicationError are mapped to the same shape.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.services import ApplicationError

NON_FIELD = "non_field_errors"


def _as_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, ApplicationError):
        return exceptions.ValidationError({exc.field or NON_FIELD: [exc.message]})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer and list errors become dotted keys: ``countries.1``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD: [str(message) for message in messages]}


def error_body(status: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status, "code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def api_exception_handler(exc, context):
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields = None
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = _("The request has invalid fields.")
        fields = _flatten(exc.detail)
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail) if isinstance(exc, exceptions.APIException) else ""
    headers = {k: v for k, v in response.items() if k.lower() != "content-type"}
    return Response(
        error_body(response.status_code, code, message, fields),
        status=response.status_code,
        headers=headers,
    )
