"""API keys: ``Authorization: Api-Key <prefix>.<secret>`` (ADR 0005).

A key acts as the member who created it, within its scope and its one partnership.
It stops working when it is revoked or expired, or when its creator is inactive or
no longer a member of the partnership."""

import hmac

import pghistory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partnerships.backends import roles_of
from partnerships.models import ApiKey
from partnerships.selectors.apikeys import apikey_for_prefix, apikey_hash

KEYWORD = "Api-Key"
LAST_USED_EVERY_SECONDS = 60


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{KEYWORD} "):
            return None
        raw_key = header[len(KEYWORD) + 1 :].strip()
        prefix, _sep, _secret = raw_key.partition(".")
        key = apikey_for_prefix(prefix=prefix) if prefix else None
        if key is None or not hmac.compare_digest(key.key_hash, apikey_hash(raw_key)):
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        if not key.is_usable:
            raise exceptions.AuthenticationFailed(_("This API key is revoked or expired."))
        user = key.created_by
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("The creator of this API key is inactive."))
        if key.partnership_id not in roles_of(user):
            raise exceptions.AuthenticationFailed(
                _("The creator of this API key is no longer a member of its partnership.")
            )
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > (
            LAST_USED_EVERY_SECONDS
        ):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        # Row history of writes made with the key names the person and the key.
        pghistory.context(user=user.pk, api_key=str(key.uuid))
        return user, key

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
            "description": (
                "`Api-Key <key>`. Leaders create keys on their partnership's settings page; "
                "a key acts as its creator, limited to its scope and its partnership."
            ),
        }
