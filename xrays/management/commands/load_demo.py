"""Load the demo content: each installed app's own part, in INSTALLED_APPS order.

An app takes part by having a `demo` module with a `load(run)` function; `run` gives it
the demo accounts (`run.accounts`, made by the site's own part, xrays/demo.py) and
`run.say(line)` to report. Each part adds only what is missing, so running the command
again changes nothing, and it never changes an account that already exists.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class DemoRun:
    """What the command hands each app's demo part."""

    def __init__(self, command):
        self.command = command
        self.accounts = {}
        # Known demo passwords only in development; elsewhere each new account gets a
        # random one, printed once, so a demo account is never a published password.
        self.development = settings.DEBUG

    def say(self, line, style=None):
        self.command.stdout.write(style(line) if style else line)


def demo_parts():
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "demo"):
            yield app_config.label, import_module(f"{app_config.name}.demo")


class Command(BaseCommand):
    help = "Load the example article, its glossary, audiences and references, and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off (the site may be live). Existing accounts are never changed.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this may be a live site: load_demo adds demo accounts and an example "
                "article. Run it with DEBUG=1 for development, or add --allow-production if you mean it."
            )
        run = DemoRun(self)
        with transaction.atomic():
            for _label, part in demo_parts():
                part.load(run)
