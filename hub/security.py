"""Brute-force protection glue for django-axes.

Every login form in the project reaches axes through ``django.contrib.auth.authenticate``:
allauth's form authenticates with ``email=...`` (its form field is ``login``), the Django
admin's with ``username=...``. ``axes_username`` reduces both to the same lower-cased
address, so failures on either form count against one username+IP pair.
"""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render


def axes_username(request, credentials) -> str:
    """The login name axes counts failures against, whichever form sent it."""
    credentials = credentials or {}
    for key in ("login", "email", "username"):
        value = credentials.get(key)
        if not value and request is not None and request.method == "POST":
            value = request.POST.get(key)
        if value:
            return str(value).strip().lower()
    return ""


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page: how long the lock lasts and who can lift it (HTTP 429)."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
        "cooloff_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
