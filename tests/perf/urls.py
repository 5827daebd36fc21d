"""The project's URLs plus the bare endpoint every figure is compared with. Mounted by
``tests.perf.settings`` only, so production never serves it."""

from django.http import JsonResponse
from django.urls import path

from hub.urls import urlpatterns as hub_urlpatterns


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("__bench__/bare/", bare, name="bench-bare"), *hub_urlpatterns]
