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
    """Each article published (new or updated) in the 7 days before `until` and live
    now, newest first: its live title and address, its summary when it is new this
    week, the change summary of each of its updates of the week in order, and the
    audiences it is for. Two queries and the audiences' prefetch, however many."""
    since = until - datetime.timedelta(days=DAYS)
    week = PublishedVersion.objects.filter(
        published_at__gt=since, published_at__lte=until, article__live_version__isnull=False
    ).order_by("published_at", "number")
    published = {}
    for article_id, number, change_summary in week.values_list("article_id", "number", "change_summary"):
        new, changes = published.setdefault(article_id, (False, []))
        if number > 1 and change_summary:
            changes.append(change_summary)
        published[article_id] = (new or number == 1, changes)
    live = (
        PublishedVersion.objects.live()
        .filter(article_id__in=published)
        .prefetch_related("relevant_for", "also_relevant_for")
        .order_by("-published_at")
    )
    items = []
    for version in live:
        new, changes = published[version.article_id]
        items.append(
            {
                "title": version.title,
                "url": emails.absolute(version.get_absolute_url()),
                "is_update": not new,
                # An update says what changed; one that does not gives the summary.
                "text": version.summary if new or not changes else "",
                "changes": changes,
                "audiences": {a.pk for a in version.relevant_for.all()}
                | {a.pk for a in version.also_relevant_for.all()},
            }
        )
    return items


def create_digest(now=None):
    """This week's digest with its deliveries, or None when it exists already (made
    before, or by a run at the same moment) or no article was published in the week."""
    from subscriptions.notices import insert_deliveries
    from subscriptions.tasks import send_due_deliveries

    now = now or timezone.now()
    if Notice.objects.filter(digest_week=week_key(now)).exists():
        return None
    items = week_items(now)
    if not items:
        return None
    with transaction.atomic():
        # One digest a week (a unique week): a run that loses the race to make it gets
        # the winner's and does nothing.
        notice, made = Notice.objects.get_or_create(
            digest_week=week_key(now), defaults={"kind": Notice.Kind.DIGEST, "digest_until": now}
        )
        if not made:
            return None
        notice.audiences.set(set().union(*(item["audiences"] for item in items)))
        insert_deliveries(notice)
        transaction.on_commit(lambda: send_due_deliveries.enqueue())
    return notice


class DigestEmail:
    """A digest's email: the week's articles, each reader's share of them, and why
    they get it."""

    def __init__(self, notice):
        self.notice = notice
        self.items = week_items(notice.digest_until)
        self.audience_names = dict(notice.audiences.values_list("pk", "name"))
        self.reader = None  # (delivery key, the reader's items, the reason), kept between calls

    def share_of(self, delivery):
        """The week's articles for what the reader follows now, and why they get them."""
        if self.reader is None or self.reader[0] != delivery.pk:
            follows = Subscription.objects.filter(
                self.notice.still_followed_by(), subscriber_id=delivery.subscriber_id
            ).values_list("audience_id", flat=True)
            audiences = set(follows)
            everything = None in audiences
            items = [item for item in self.items if everything or item["audiences"] & audiences]
            if everything:
                reason = emails.BECAUSE_SITE
            else:
                names = sorted(self.audience_names[pk] for pk in audiences if pk in self.audience_names)
                reason = emails.because_audiences(names)
            self.reader = (delivery.pk, items, reason)
        return self.reader[1], self.reader[2]

    def has_news_for(self, delivery):
        """False when none of the week's articles for this reader is live any more."""
        items, _ = self.share_of(delivery)
        return bool(items)

    def message_for(self, delivery):
        subscriber = delivery.subscriber
        items, reason = self.share_of(delivery)
        context = {
            "items": items,
            "reason": reason,
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

    def bytes_for(self, delivery):
        """None: each reader's digest lists their own articles, so Django builds each."""
        return None
