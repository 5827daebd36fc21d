from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Per API key when a key is used, else per signed-in user, else per address."""

    scope = "api"

    def get_rate(self):
        # Read at request time (the class attribute is frozen at import), so a changed
        # REST_FRAMEWORK setting takes effect without a restart of the test process.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # The read made to check If-Match is part of the write, not a request of its own.
        from hub.api.conditional import is_internal_read

        if is_internal_read(request):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        auth = getattr(request, "auth", None)
        prefix = getattr(auth, "prefix", None)
        if prefix:
            ident = f"key:{prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
