from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from hub import audit  # noqa: F401  (connects login/permission audit receivers)
        from hub.organizations import search

        search.register()
