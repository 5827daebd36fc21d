import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
# ``autodiscover_tasks()`` imports ``<app>.tasks`` for each installed app (so
# ``hub.tasks``); the hub's sub-packages are not apps and are listed explicitly.
app.autodiscover_tasks()
app.autodiscover_tasks(["hub.jobs", "hub.notifications"])
