"""One error format for the whole API:

{"error": {"status": 400, "code": "invalid", "message": "...",
           "fields": {"name": ["This field is required."]}}}
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.services import ApplicationError


def _as_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return exceptions.ValidationError(detail)
    if isinstance(exc, ApplicationError):
        return exceptions.ValidationError({"non_field_errors": [exc.message]})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def api_exception_handler(exc, context):
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = "error"
    fields = None
    message = ""
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = "The request has invalid fields."
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                  for key, value in detail.items()}  # fmt: skip
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail)
    body = {"error": {"status": response.status_code, "code": code, "message": message}}
    if fields is not None:
        body["error"]["fields"] = fields
    return Response(body, status=response.status_code, headers=dict(response.items()))
