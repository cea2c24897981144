"""The only way an article changes state. Admin actions, tasks and tests all call these.

Each function checks the user's permission and the article's state, and raises
PermissionDenied or ValidationError with a message for the person who tried.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import content as article_content
from articles.models import Article, PublishedVersion
from articles.signals import article_published, article_withdrawn


def _copy_state(source, target):
    """Keep the caller's instance in step with the row the workflow changed."""
    for name in ("state", "live_version", "posted_on"):
        setattr(target, name, getattr(source, name))


def _require(user, perm, doing):
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to {doing}.")


def _check_publishable(article, content):
    problems = []
    if not content["sections"]:
        problems.append("it has no sections")
    if not content["summary"].strip():
        problems.append("it has no summary")
    if problems:
        raise ValidationError(f'"{article.title}" cannot be published: ' + " and ".join(problems) + ".")


def publish(article, by, change_summary="", notify_subscribers=False):
    """Snapshot the article as a new PublishedVersion and make it the live one."""
    _require(by, "articles.publish_article", "publish articles")
    given = article
    with transaction.atomic():
        # Lock the row: two editors publishing at once publish one version after the other.
        article = Article.objects.select_for_update().get(pk=article.pk)
        now = timezone.now()
        posted_on = article.posted_on or timezone.localdate(now)
        content = article_content.snapshot(article)
        content["posted_on"] = posted_on.isoformat()
        _check_publishable(article, content)
        fingerprint = article_content.fingerprint(content)
        live = article.live_version
        if live is not None and live.fingerprint == fingerprint:
            raise ValidationError("Nothing has changed since the last publication.")

        last_number = article.versions.aggregate(n=Max("number"))["n"] or 0
        version = PublishedVersion.objects.create(
            article=article,
            number=last_number + 1,
            published_at=now,
            published_by=by,
            change_summary=change_summary.strip(),
            title=content["title"],
            slug=content["slug"],
            summary=content["summary"],
            posted_on=posted_on,
            body_text=article_content.plain_text(content),
            fingerprint=fingerprint,
            content=content,
        )
        version.relevant_for.set([a["id"] for a in content["relevant_for"]])
        version.also_relevant_for.set([a["id"] for a in content["also_relevant_for"]])

        article.live_version = version
        article.posted_on = posted_on
        article.state = Article.State.PUBLISHED
        article.save(update_fields=["live_version", "posted_on", "state", "updated_at"])
        transaction.on_commit(
            lambda: article_published.send(
                sender=Article,
                article=article,
                version=version,
                notify_subscribers=notify_subscribers,
            )
        )
    _copy_state(article, given)
    return version


def withdraw(article, by):
    """Take the article off every public page; its versions stay on record."""
    _require(by, "articles.publish_article", "withdraw articles")
    given = article
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.live_version_id is None:
            raise ValidationError("This article is not published, so there is nothing to withdraw.")
        article.live_version = None
        article.state = Article.State.WITHDRAWN
        article.save(update_fields=["live_version", "state", "updated_at"])
        transaction.on_commit(lambda: article_withdrawn.send(sender=Article, article=article))
    _copy_state(article, given)
    return given
