from django.core.management.base import BaseCommand

from subscriptions.tasks import send_weekly_digest


class Command(BaseCommand):
    help = (
        "Enqueue this week's digest for weekly followers (the worker makes and sends it). "
        "Run it once a week, e.g. Mondays at 08:00; running it again the same week sends nothing more."
    )

    def handle(self, *args, **options):
        send_weekly_digest.enqueue()
        self.stdout.write("This week's digest is queued for the task worker.")
