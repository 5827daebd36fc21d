import zoneinfo
from urllib.parse import quote

import pghistory
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.audit import current_request


class UserLanguageMiddleware:
    """Signed-in people see the platform in their preferred language unless they
    picked another one with the language switcher in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get("django_language")
        if user is not None and user.is_authenticated and not chosen:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class TimezoneMiddleware:
    """Show dates and times in the signed-in person's time zone (UTC otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AuditContextMiddleware:
    """Attach the acting user and the URL to every row change that pghistory records
    during this request, and let audit receivers find the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            if request.method in ("GET", "HEAD", "OPTIONS"):
                return self.get_response(request)
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            with pghistory.context(user=user_id, url=request.path, method=request.method):
                return self.get_response(request)
        finally:
            current_request.reset(token)


class AdminTwoFactorMiddleware:
    """Django admin only for hub staff who signed in with a second factor in this session.

    Staff without an authenticator are sent to set one up; staff who have one but signed
    in with a password only (e.g. through the admin's own login form) are asked for a
    code. The admin's login and logout pages stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.HUB_ADMIN_REQUIRES_MFA and self._needs_second_factor(request):
            from allauth.mfa.utils import is_mfa_enabled

            path = quote(request.get_full_path())
            if is_mfa_enabled(request.user):
                return redirect(f"{reverse('mfa_reauthenticate')}?next={path}")
            messages.info(
                request,
                _("Hub administration needs two-factor authentication: set up an "
                  "authenticator app, then open the administration again."),
            )  # fmt: skip
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request) -> bool:
        from allauth.account.authentication import get_authentication_records

        admin_root = reverse("admin:index")
        if not request.path.startswith(admin_root):
            return False
        if request.path in (reverse("admin:login"), reverse("admin:logout")):
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        records = get_authentication_records(request, user)
        return not any(record.get("method") == "mfa" for record in records)
