"""The weekly digest: one email to each weekly follower listing the week's new and
updated articles for what they follow (an audience, or the whole site). Made by the
task `subscriptions.tasks.send_weekly_digest` (docs/operations.md: when to run it); sent like any
notice, with the same guarantees."""

import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import PublishedVersion
from subscriptions import emails
from subscriptions.models import Notice, Subscription

DAYS = 7


def week_key(moment):
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02}"


def week_items(until):
    """The live version of every article published (new or updated) in the 7 days
    before `until`, newest first, with the audiences it is for."""
    since = until - datetime.timedelta(days=DAYS)
    published = PublishedVersion.objects.filter(published_at__gt=since, published_at__lte=until)
    live = (
        PublishedVersion.objects.live()
        .filter(article_id__in=published.values("article_id"))
        .prefetch_related("relevant_for", "also_relevant_for")
        .order_by("-published_at")
    )
    return [
        {
            "title": version.title,
            "url": emails.absolute(version.get_absolute_url()),
            "is_update": version.is_update,
            "text": version.change_summary
            if version.is_update and version.change_summary
            else version.summary,
            "audiences": {a.pk for a in version.relevant_for.all()}
            | {a.pk for a in version.also_relevant_for.all()},
        }
        for version in live
    ]


def create_digest(now=None):
    """This week's digest with its deliveries, or None when it exists already or no
    article was published in the week."""
    from subscriptions.notices import insert_deliveries
    from subscriptions.tasks import send_due_deliveries

    now = now or timezone.now()
    if Notice.objects.filter(digest_week=week_key(now)).exists():
        return None
    items = week_items(now)
    if not items:
        return None
    with transaction.atomic():
        notice = Notice.objects.create(kind=Notice.Kind.DIGEST, digest_until=now, digest_week=week_key(now))
        notice.audiences.set(set().union(*(item["audiences"] for item in items)))
        insert_deliveries(notice)
        transaction.on_commit(lambda: send_due_deliveries.enqueue())
    return notice


class DigestEmail:
    """A digest's email: the week's articles, each reader's share of them."""

    def __init__(self, notice):
        self.notice = notice
        self.items = week_items(notice.digest_until)

    def message_for(self, subscriber):
        follows = Subscription.objects.filter(
            self.notice.still_followed_by(), subscriber=subscriber
        ).values_list("audience_id", flat=True)
        audiences = set(follows)
        everything = None in audiences
        items = [item for item in self.items if everything or item["audiences"] & audiences]
        context = {
            "items": items,
            "manage_url": emails.manage_url(subscriber),
            "unsubscribe_url": emails.unsubscribe_url(subscriber),
        }
        text, html = emails.render_pair("digest", context)
        return emails.with_unsubscribe(
            "XRAYS this week: "
            + (items[0]["title"] if len(items) == 1 else f"{len(items)} new and updated articles"),
            text,
            html,
            subscriber.email,
            context["unsubscribe_url"],
        )

    def bytes_for(self, subscriber):
        """None: each reader's digest lists their own articles, so Django builds each."""
        return None
