"""The emails the articles app sends, all of them here: the one that tells an editor a
scheduled publication did not go out, and those about review (an article waits for a
reviewer; a reviewer approved it or requested changes), and the editors' weekly
reminder of the reviews that are due. Each is rendered from
templates/emails/articles/ (<name>_subject.txt and <name>.txt) with absolute links
from SITE_URL, and sent by the task worker (articles/tasks.py), so that a mail server
in trouble never fails an editor's request or the publication run."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse


def absolute(path):
    return settings.SITE_URL + path


def render(name, context):
    """(subject, plain text) of templates/emails/articles/<name>_subject.txt and <name>.txt."""
    subject = render_to_string(f"emails/articles/{name}_subject.txt", context)
    text = render_to_string(f"emails/articles/{name}.txt", context)
    # A subject is one line, whatever the title holds.
    return " ".join(subject.split()), text


def schedule_failed_message(article, editor, reason):
    """Tell `editor`, who scheduled `article`, that it was not published, why (`reason`),
    where it now stands and where to open it. None when they have no address."""
    if editor is None or not editor.email:
        return None
    context = {
        "article": article,
        "editor_name": editor.get_full_name() or editor.get_username(),
        "reason": reason,
        "article_url": absolute(reverse("admin:articles_article_change", args=[article.pk])),
    }
    subject, text = render("schedule_failed", context)
    return EmailMessage(subject, text, to=[editor.email])


def person_name(user):
    return user.get_full_name() or user.get_username()


def review_step_message(step, article, actor, recipient, review=None):
    """Tell `recipient` that `actor` took the review `step` on `article`: "submitted"
    (to a reviewer), "approved" or "changes_requested" (to its writer, with the
    reviewer's comment from `review`), with links to the article and to the page where
    they can turn these emails off."""
    context = {
        "article": article,
        "recipient_name": person_name(recipient),
        "actor_name": person_name(actor),
        "comment": review.comment if review else "",
        "article_url": absolute(reverse("admin:articles_article_change", args=[article.pk])),
        "compare_url": absolute(reverse("admin:articles_article_compare", args=[article.pk])),
        "preferences_url": absolute(reverse("admin:articles_email_notifications")),
    }
    subject, text = render(f"review_{step}", context)
    return EmailMessage(subject, text, to=[recipient.email])


def review_reminder_message(recipient, due):
    """Tell `recipient`, an editor, which published articles' reviews are overdue or due
    soon (`due`, articles.reviews_due.DueReviews), each with its dates and a link."""
    context = {
        "recipient_name": person_name(recipient),
        "due": due,
        "overdue": [_due_row(article) for article in due.overdue],
        "due_soon": [_due_row(article) for article in due.due_soon],
        "queue_url": absolute(reverse("admin:articles_article_review_queue")),
    }
    subject, text = render("review_reminder", context)
    return EmailMessage(subject, text, to=[recipient.email])


def _due_row(article):
    return {
        "article": article,
        "url": absolute(reverse("admin:articles_article_change", args=[article.pk])),
    }
