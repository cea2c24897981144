from django.tasks import task
from django.utils import timezone

from articles.models import Article


@task()
def publish_due_articles():
    """Publish every scheduled article whose time has come.

    Enqueued for each scheduled time; it publishes all that are due, so a run that
    comes late (the worker was down) catches up with every missed publication."""
    from articles import workflow

    published = []
    due = Article.objects.filter(state=Article.State.SCHEDULED, scheduled_for__lte=timezone.now())
    for article in due.order_by("scheduled_for"):
        version = workflow.publish_if_due(article)
        if version is not None:
            published.append(version.pk)
    return published
