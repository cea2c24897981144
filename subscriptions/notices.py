"""Notices of publication: one per publication made with "notify followers", and a
delivery for each confirmed address that follows the article (updates only), one of
its audiences, or the whole site, each address once. The deliveries are made by one
INSERT … SELECT, so the work does not grow in queries with the followers.

Readers are told in their language, and only of what their language's pages offer
(`reader_languages`): a Spanish version goes to the followers of that Spanish article
and to Spanish readers of the site or its audiences; an English one to its article's
followers, to English readers, and to Spanish readers while the article has no live
Spanish translation. So nobody hears the same news twice, once in each language."""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import PublishedVersion
from subscriptions.models import Delivery, Notice, Subscriber, Subscription


def notice_on_publication(sender, article, version, notify_subscribers=False, **kwargs):
    """article_published handler: sent after the publication committed."""
    if notify_subscribers:
        create_notice(article, version)


def stop_notices_on_withdrawal(sender, article, **kwargs):
    """article_withdrawn handler: what was not yet sent about a withdrawn article is not
    sent (it would link to a page that is gone)."""
    Delivery.objects.filter(notice__article=article, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, error="The article was withdrawn."
    )


def followers(notice):
    """Confirmed addresses, not refused by their mail server, with a confirmed follow
    that this notice is for."""
    follows = Subscription.objects.filter(notice.still_followed_by(), subscriber=OuterRef("pk"))
    return Subscriber.objects.filter(Exists(follows), confirmed_at__isnull=False, refused_at__isnull=True)


def reader_languages(version: PublishedVersion) -> list[str]:
    """The languages whose readers are offered `version` (for_readers_of), now."""
    return [
        code
        for code, _name in settings.LANGUAGES
        if PublishedVersion.objects.for_readers_of(code).filter(pk=version.pk).exists()
    ]


def create_notice(article, version):
    """The notice of this publication with its deliveries; sending starts once they are
    committed."""
    from subscriptions.tasks import send_due_deliveries

    with transaction.atomic():
        notice = Notice.objects.create(
            article=article,
            version=version,
            kind=Notice.Kind.UPDATE if version.is_update else Notice.Kind.NEW,
            languages=" ".join(reader_languages(version)),
        )
        audience_ids = set(version.relevant_for.values_list("pk", flat=True)) | set(
            version.also_relevant_for.values_list("pk", flat=True)
        )
        notice.audiences.set(audience_ids)
        insert_deliveries(notice)
        transaction.on_commit(lambda: send_due_deliveries.enqueue())
    return notice


def insert_deliveries(notice):
    """INSERT INTO delivery … SELECT from the followers query: one statement."""
    select_sql, params = followers(notice).order_by().values_list("pk").query.sql_with_params()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Delivery._meta.get_field(name).column)
        for name in ["notice", "subscriber", "status", "attempts", "next_attempt_at", "error"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT %s, followers.*, %s, 0, %s, '' FROM ({select_sql}) followers",
            [
                notice.pk,
                Delivery.Status.QUEUED,
                connection.ops.adapt_datetimefield_value(notice.created_at),
                *params,
            ],
        )
        return cursor.rowcount


def pause(notices) -> int:
    """Stop sending `notices` (a queryset) until resumed: what is queued stays queued.
    Returns how many were running."""
    return notices.filter(paused_at=None).update(paused_at=timezone.now())


def resume(notices) -> int:
    """Send `notices` (a queryset) again; the worker picks up what they have queued.
    Returns how many were paused."""
    from subscriptions.tasks import send_due_deliveries

    count = notices.exclude(paused_at=None).update(paused_at=None)
    if count:
        transaction.on_commit(send_due_deliveries.enqueue)
    return count
