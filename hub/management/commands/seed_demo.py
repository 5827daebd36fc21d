"""Load the demo data: ``manage.py seed_demo``.

Each installed app of ours may provide a ``demo`` module with ``seed()`` and
``logins()`` (rows of email, name, what the account is for); they run in
INSTALLED_APPS order (platform first, then the domain apps). Every seed looks
rows up by natural key before creating them, so running this again changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

OUR_APPS = ("hub", "partnerships", "landscapes", "mel", "capacity", "finance")


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent). Refuses to run in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password; not in production."
            )
        modules = [
            import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name in OUR_APPS and find_spec(f"{config.name}.demo") is not None
        ]
        with transaction.atomic():
            for module in modules:
                module.seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"\nDemo logins (password for all of them: {settings.HUB_DEMO_PASSWORD})")
        for module in modules:
            for email, name, what in getattr(module, "logins", list)():
                self.stdout.write(f"  {email:<44} {name:<22} {what}")
        self.stdout.write("")
