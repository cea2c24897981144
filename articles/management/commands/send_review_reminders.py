from django.core.management.base import BaseCommand

from articles.tasks import send_review_reminders


class Command(BaseCommand):
    help = (
        "Enqueue this week's reminder to editors of the articles whose review by the Scientific "
        "Advisory Board is overdue or due soon (the worker sends it). Run it once a week, e.g. "
        "Mondays at 08:00; running it again the same week sends nothing more."
    )

    def handle(self, *args, **options):
        send_review_reminders.enqueue()
        self.stdout.write("This week's review reminder is queued for the task worker.")
