from django.core.management.base import BaseCommand

from subscriptions.follow import UNCONFIRMED_KEPT_FOR, delete_unconfirmed


class Command(BaseCommand):
    help = (
        f"Delete addresses and follows left unconfirmed for more than {UNCONFIRMED_KEPT_FOR.days} days. "
        "Run it daily (cron, or a scheduler)."
    )

    def handle(self, *args, **options):
        addresses, follows = delete_unconfirmed()
        self.stdout.write(f"Deleted {addresses} unconfirmed address(es) and {follows} unconfirmed follow(s).")
