import zoneinfo

import pghistory
from django.utils import timezone, translation

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
