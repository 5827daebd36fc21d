from django.conf import settings


def platform(request):
    return {"PRODUCTION": settings.PRODUCTION, "SITE_URL": settings.SITE_URL}
