from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from hub import events
        from partnerships.webhooks import tasks  # noqa: F401  (registers the Celery tasks)
        from partnerships.webhooks.delivery import on_event

        events.subscribe(on_event)

        from partnerships.selectors import coordination

        coordination.register()

        from partnerships.selectors import search

        search.register()
