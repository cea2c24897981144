"""The weekly digest: audience and site followers who chose it get one email a week
listing the week's new and updated articles for what they follow, instead of an email
for each."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from audiences.models import Audience
from subscriptions import digest, follow, notices, sending
from subscriptions.models import Notice, Subscription
from subscriptions.tasks import send_weekly_digest
from tests import factories
from tests.subscriptions.smtp import html_of, text_of

WEEKLY = Subscription.Frequency.WEEKLY


def confirmed(email, **what):
    subscription = follow.follow(email, **what)
    follow.confirm(subscription)
    return subscription


def test_audience_and_site_follow_pages_offer_the_digest_and_article_pages_do_not(client, published_article):
    audience = published_article.relevant_for.first()
    assert "A weekly digest" in client.get("/subscriptions/follow/").content.decode()
    assert (
        "A weekly digest" in client.get(f"/subscriptions/follow/audience/{audience.slug}/").content.decode()
    )
    assert "A weekly digest" not in client.get("/subscriptions/follow/article/early-spread/").content.decode()

    Client().post(
        f"/subscriptions/follow/audience/{audience.slug}/", {"email": "w@example.org", "frequency": "weekly"}
    )
    Client().post("/subscriptions/follow/", {"email": "e@example.org"})
    Client().post(
        "/subscriptions/follow/article/early-spread/", {"email": "p@example.org", "frequency": "weekly"}
    )
    frequencies = dict(Subscription.objects.values_list("subscriber__email", "frequency"))
    assert frequencies == {"w@example.org": "weekly", "e@example.org": "each", "p@example.org": "each"}


def test_weekly_followers_get_no_email_for_each_article(published_article, db):
    audience = published_article.relevant_for.first()
    confirmed("weekly@example.org", audience=audience, frequency=WEEKLY)
    confirmed("each@example.org", audience=audience)
    notice = notices.create_notice(published_article, published_article.live_version)
    assert list(notice.deliveries.values_list("subscriber__email", flat=True)) == ["each@example.org"]


def test_the_digest_lists_the_weeks_articles_for_what_each_reader_follows(
    published_article, publish, inbox, db
):
    audience = published_article.relevant_for.first()
    other = factories.ArticleFactory(
        title="A study on another cancer", slug="another", summary="About another cancer."
    )
    factories.SectionFactory(article=other)
    other.relevant_for.add(Audience.objects.create(name="People with lung cancer", slug="lung-cancer"))
    publish(other)
    old = factories.full_article(title="An old study", slug="old-study")
    publish(old)
    old.live_version.__class__.objects.filter(pk=old.live_version.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=9)
    )
    confirmed("audience@example.org", audience=audience, frequency=WEEKLY)
    confirmed("site@example.org", frequency=WEEKLY)
    confirmed("each@example.org")
    follow.follow("unconfirmed@example.org", frequency=WEEKLY)

    notice = digest.create_digest()
    assert notice.kind == Notice.Kind.DIGEST
    assert sending.send_due_deliveries().sent == 2

    (for_audience,) = inbox.to("audience@example.org")
    assert "Early spread of breast cancer" in text_of(for_audience)
    assert "A study on another cancer" not in text_of(for_audience)
    (for_site,) = inbox.to("site@example.org")
    for part in (text_of(for_site), html_of(for_site)):
        assert "Early spread of breast cancer" in part and "A study on another cancer" in part
        assert "An old study" not in part
        assert "/subscriptions/manage/" in part
    assert for_site["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert for_site["Subject"] == "XRAYS this week: 2 new and updated articles"

    # Once a week, however often the task runs.
    assert digest.create_digest() is None
    assert send_weekly_digest.call() == {"digest": None}


def test_no_digest_in_a_week_without_articles(db):
    confirmed("site@example.org", frequency=WEEKLY)
    assert digest.create_digest() is None
    assert not Notice.objects.exists()


def test_the_weekly_command_queues_the_digest_task(db):
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("send_weekly_digest", stdout=out)
    assert "queued" in out.getvalue()
    assert DBTaskResult.objects.filter(task_path="subscriptions.tasks.send_weekly_digest").exists()


@pytest.mark.parametrize("frequency", ["each", "weekly"])
def test_the_manage_page_says_how_often(client, published_article, frequency):
    from subscriptions import tokens

    subscription = confirmed("r@example.org", frequency=frequency)
    page = client.get(
        f"/subscriptions/manage/{tokens.manage_token(subscription.subscriber)}/"
    ).content.decode()
    assert ("weekly digest" in page) == (frequency == "weekly")
