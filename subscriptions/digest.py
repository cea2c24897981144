"""The weekly digest: one email to each weekly follower listing the week's new and
updated articles for what they follow (an audience, or the whole site). Made by the
task `subscriptions.tasks.send_weekly_digest` (docs/operations.md: when to run it); sent like any
notice, with the same guarantees.

Each reader's digest is in their language and lists what readers of that language are
offered (PublishedVersion.for_readers_of): the week's articles in it, and English ones
with no live translation into it, each article once."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import PublishedVersion
from subscriptions import emails
from subscriptions.models import Notice, Subscription

DAYS = 7


def week_key(moment):
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02}"


def week_items(until, language=settings.LANGUAGE_CODE):
    """Each article published (new or updated) in the 7 days before `until` and live
    now that readers of `language` are offered, newest first: its live title, language
    and address, its summary when it is new this week, the change summary of each of
    its updates of the week in order, and the audiences it is for. Two queries and the
    audiences' prefetch, however many."""
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
        .for_readers_of(language)
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
                "language": version.language,
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
    languages = [code for code, _name in settings.LANGUAGES]
    items = [item for language in languages for item in week_items(now, language)]
    if not items:
        return None
    with transaction.atomic():
        # One digest a week (a unique week): a run that loses the race to make it gets
        # the winner's and does nothing.
        notice, made = Notice.objects.get_or_create(
            digest_week=week_key(now),
            defaults={"kind": Notice.Kind.DIGEST, "digest_until": now, "languages": " ".join(languages)},
        )
        if not made:
            return None
        notice.audiences.set(set().union(*(item["audiences"] for item in items)))
        insert_deliveries(notice)
        transaction.on_commit(lambda: send_due_deliveries.enqueue())
    return notice


class DigestEmail:
    """A digest's email: the week's articles in each reader's language, each reader's
    share of them, and why they get it."""

    def __init__(self, notice):
        self.notice = notice
        self.items = {}  # language -> the week's items its readers are offered
        self.audience_names = dict(notice.audiences.values_list("pk", "name"))
        self.reader = None  # (delivery key, the reader's items, the reason), kept between calls

    def items_in(self, language):
        if language not in self.items:
            self.items[language] = week_items(self.notice.digest_until, language)
        return self.items[language]

    def share_of(self, delivery):
        """The week's articles for what the reader follows now, in their language, and
        why they get them."""
        if self.reader is None or self.reader[0] != delivery.pk:
            follows = Subscription.objects.filter(
                self.notice.still_followed_by(), subscriber_id=delivery.subscriber_id
            ).values_list("audience_id", flat=True)
            audiences = set(follows)
            everything = None in audiences
            language = delivery.subscriber.language
            items = [item for item in self.items_in(language) if everything or item["audiences"] & audiences]
            with translation.override(language):
                if everything:
                    reason = emails.because_site()
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
        with translation.override(subscriber.language):
            context = {
                "items": items,
                "reason": reason,
                "manage_url": emails.manage_url(subscriber),
                "unsubscribe_url": emails.unsubscribe_url(subscriber),
            }
            text, html = emails.render_pair("digest", context)
            if len(items) == 1:
                subject = _("XRAYS this week: %(title)s") % {"title": items[0]["title"]}
            else:
                subject = ngettext(
                    "XRAYS this week: %(count)d new and updated article",
                    "XRAYS this week: %(count)d new and updated articles",
                    len(items),
                ) % {"count": len(items)}
            return emails.with_unsubscribe(subject, text, html, subscriber.email, context["unsubscribe_url"])

    def bytes_for(self, delivery):
        """None: each reader's digest lists their own articles, so Django builds each."""
        return None
