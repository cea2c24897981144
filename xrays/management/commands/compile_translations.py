"""`manage.py compile_translations`: compile each catalogue whose .po changed since its
.mo was made (xrays/catalogues.py). `make install` runs it; so does a deployment."""

from django.core.management.base import BaseCommand

from xrays.catalogues import catalogues


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into the .mo files Django reads, where the .po is newer."
    # The system checks include the one that asks for this command: it must run anyway.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile every catalogue, changed or not.")

    def handle(self, *args, force=False, **options):
        found = catalogues()
        if not found:
            self.stdout.write("No catalogues under LOCALE_PATHS.")
        for catalogue in found:
            if catalogue.is_compiled() and not force:
                if options["verbosity"] > 1:
                    self.stdout.write(f"{catalogue.mo}: up to date")
                continue
            count = catalogue.compile()
            self.stdout.write(f"{catalogue.mo}: {count} translated messages")
