"""What the workflow tells editors when it acts without them. Both review.py (an edit
cancels a schedule) and publication.py (the scheduled run stops) tell the editor who
scheduled an article that it did not go out; this module is theirs in common, so that
neither imports the other for it. The email is only enqueued here, once the step is
committed: the worker sends it (articles/tasks.py), and a mail server that is down
fails that email alone, never the step."""

from django.contrib.auth.models import User
from django.db import transaction

from articles.models import Article


def tell_editor_schedule_failed(article: Article, editor: User | None, reason: str) -> None:
    """Once the current transaction commits, have the worker email `editor` that the
    scheduled publication of `article` did not go out, and why."""
    if editor is None or not editor.email:
        return
    from articles.tasks import send_schedule_failed_email

    article_id, editor_id = article.pk, editor.pk
    transaction.on_commit(lambda: send_schedule_failed_email.enqueue(article_id, editor_id, reason))
