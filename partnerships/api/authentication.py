"""API keys: ``Authorization: Api-Key <prefix>.<secret>``."""

import hashlib
import hmac

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partnerships.models import ApiKey

KEYWORD = "Api-Key"


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{KEYWORD} "):
            return None
        raw_key = header[len(KEYWORD) + 1 :].strip()
        prefix, _sep, _secret = raw_key.partition(".")
        key = (
            ApiKey.objects.select_related("created_by", "partnership").filter(prefix=prefix).first()
        )
        if key is None or not hmac.compare_digest(key.key_hash, hash_key(raw_key)):
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        if not key.is_usable:
            raise exceptions.AuthenticationFailed(_("This API key is revoked or expired."))
        if not key.created_by.is_active:
            raise exceptions.AuthenticationFailed(_("The owner of this API key is inactive."))
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return key.created_by, key

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partnerships.api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`; leaders create keys on the partnership's settings page.",
        }
