"""Settings of the benchmark server: the production settings (``DJANGO_ENV=production``,
DEBUG off) plus a bare JSON endpoint for the ratios. Used by ``make bench`` only."""

from hub.settings import *  # noqa: F403
from hub.settings import STORAGES

BENCHMARK = True
ROOT_URLCONF = "tests.perf.urls"

# Same manifest lookups at render time as production, without compressing every file
# on each collectstatic (the bench serves no static files).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
