import pghistory
from django.utils import translation


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


class AuditContextMiddleware:
    """Attach the acting user and the URL to every row change that pghistory records
    during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with pghistory.context(user=user_id, url=request.path, method=request.method):
            return self.get_response(request)
