"""Middleware of the partnerships app."""

from partnerships.api.usage import usage_record
from partnerships.models import ApiKey


class ApiUsageMiddleware:
    """Count each request made with an API key, once its answer is known (errors
    included: DRF sets ``request.auth`` on the Django request when it authenticates)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "auth", None)
        if isinstance(key, ApiKey):
            usage_record(api_key=key, status_code=response.status_code)
        return response
