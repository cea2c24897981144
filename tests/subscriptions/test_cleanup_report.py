"""The daily clean-up of unconfirmed addresses and follows reports what it deleted,
the follows of the deleted addresses included."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from subscriptions import follow
from subscriptions.models import Subscriber, Subscription
from subscriptions.tasks import delete_unconfirmed_subscribers


def stale(email, db_now, **what):
    subscription = follow.follow(email, **what)
    old = db_now - datetime.timedelta(days=8)
    Subscriber.objects.filter(pk=subscription.subscriber_id, confirmed_at=None).update(created_at=old)
    Subscription.objects.filter(pk=subscription.pk).update(created_at=old)
    return subscription


def test_the_cleanup_counts_the_follows_of_the_addresses_it_deletes(published_article):
    now = timezone.now()
    audience = published_article.relevant_for.first()
    # An address nobody confirmed, with two follows.
    stale("stale@example.org", now, article=published_article)
    stale("stale@example.org", now, audience=audience)
    # A confirmed address with a follow nobody confirmed.
    kept = follow.follow("known@example.org")
    follow.confirm(kept)
    stale("known@example.org", now, audience=audience)

    out = io.StringIO()
    call_command("delete_unconfirmed_subscribers", stdout=out)

    assert "Deleted 1 unconfirmed address(es) and 3 unconfirmed follow(s)." in out.getvalue()
    assert list(Subscription.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_cleanup_task_reports_the_same_counts(published_article):
    now = timezone.now()
    stale("stale@example.org", now, article=published_article)
    stale("stale@example.org", now)
    assert delete_unconfirmed_subscribers.call() == {"addresses": 1, "follows": 2}
    assert not Subscriber.objects.exists()
