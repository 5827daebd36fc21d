from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapesConfig(AppConfig):
    name = "landscapes"
    verbose_name = _("Landscapes")

    def ready(self) -> None:
        from landscapes import search

        search.register()
