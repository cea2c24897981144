import logging

from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone

from articles.models import Article

logger = logging.getLogger(__name__)


@task()
def publish_due_articles():
    """Publish every scheduled article whose time has come.

    Enqueued for each scheduled time; it publishes all that are due, so a run that
    comes late (the worker was down) catches up with every missed publication. A
    database error on one article (a lock timeout, say) is retried with back-off
    (workflow.schedule_attempt_failed) and does not stop the others."""
    from articles import workflow

    published = []
    due = Article.objects.filter(state=Article.State.SCHEDULED, scheduled_for__lte=timezone.now())
    for article in due.order_by("scheduled_for"):
        try:
            version = workflow.publish_if_due(article)
        except DatabaseError as error:
            logger.warning("Scheduled publication of article %s stopped by %r", article.pk, error)
            # If the database is down altogether this fails too; the worker then waits
            # for it to come back and enqueues this task again (enqueue_due_publications).
            workflow.schedule_attempt_failed(article, error)
            continue
        if version is not None:
            published.append(version.pk)
    return published


def enqueue_due_publications(**kwargs):
    """Receiver of xrays.signals.worker_ready: when a worker starts or the database
    comes back after an outage, a scheduled publication whose task was lost to the
    outage is picked up again."""
    due = Article.objects.filter(state=Article.State.SCHEDULED, scheduled_for__lte=timezone.now())
    if due.exists():
        publish_due_articles.enqueue()
