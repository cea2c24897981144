"""Each email says why this reader gets it, and the manage page says what each follow
brings. The reason is filled into the notice's message like the reader's links: making
a reader's message asks the database nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from audiences.models import Audience
from subscriptions import digest, follow, notices, queue, sending, tokens
from subscriptions.models import Subscription
from tests import factories
from tests.subscriptions.smtp import html_of, text_of

ARTICLE = "because you follow this article"
SITE = "because you follow all new XRAYS articles"


def confirmed(email, **what):
    subscription = follow.follow(email, **what)
    follow.confirm(subscription)
    return subscription


def publish_update(article, approve, editor):
    section = article.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    approve(article)
    return workflow.publish(
        article, by=editor, change_summary="Added the results of a new trial.", notify_subscribers=True
    )


@pytest.mark.django_db(transaction=True)
def test_article_audience_and_site_followers_each_read_why_they_get_the_update(
    published_article, approve, editor, inbox, worker
):
    audience = Audience.objects.create(name="people with breast cancer", slug="breast-cancer")
    published_article.relevant_for.add(audience)
    confirmed("page@example.org", article=published_article)
    confirmed("audience@example.org", audience=audience)
    confirmed("site@example.org")
    # Follows all three: the closest follow is the reason.
    confirmed("all-three@example.org", article=published_article)
    confirmed("all-three@example.org", audience=audience)
    confirmed("all-three@example.org")
    # Stops following the article once the notice is made; still follows the site.
    stopped = confirmed("stopped@example.org", article=published_article)
    confirmed("stopped@example.org")
    worker()  # the confirmation emails
    inbox.clear()

    publish_update(published_article, approve, editor)
    follow.stop(stopped.subscriber, stopped.pk)
    worker()

    expected = {
        "page@example.org": ARTICLE,
        "audience@example.org": "because you follow new articles for people with breast cancer",
        "site@example.org": SITE,
        "all-three@example.org": ARTICLE,
        "stopped@example.org": SITE,
    }
    assert sorted(m["To"] for m in inbox.messages if m["To"] in expected) == sorted(expected)
    for address, reason in expected.items():
        (message,) = inbox.to(address)
        for part in (text_of(message), html_of(message)):
            assert f"You get this email {reason}." in part
            assert "article you follow" not in part
            for other in set(expected.values()) - {reason}:
                assert other not in part


@pytest.mark.django_db(transaction=True)
def test_a_reason_with_an_ampersand_and_accents_reads_right_in_both_parts(publish, inbox, worker):
    audience = Audience.objects.create(name="familles & proches de patientes", slug="familles")
    accented = Audience.objects.create(name="personnes atteintes d’un cancer", slug="personnes")
    confirmed("famille@example.org", audience=audience)
    confirmed("personne@example.org", audience=accented)
    worker()  # the confirmation emails
    inbox.clear()
    article = factories.full_article(title="A new study", slug="new-study")
    article.relevant_for.set([audience, accented])
    publish(article, notify_subscribers=True)
    worker()

    (family,) = inbox.to("famille@example.org")
    assert "because you follow new articles for familles & proches de patientes." in text_of(family)
    assert "familles &amp; proches de patientes" in html_of(family).replace("&#38;", "&amp;")
    (person,) = inbox.to("personne@example.org")
    for part in (text_of(person), html_of(person)):
        assert "because you follow new articles for personnes atteintes d’un cancer." in part


def test_making_each_readers_message_with_its_reason_asks_the_database_nothing(published_article, db):
    audience = published_article.relevant_for.first()
    confirmed("page@example.org", article=published_article)
    confirmed("audience@example.org", audience=audience)
    confirmed("site@example.org")
    published_article.live_version.number = 2
    published_article.live_version.save(update_fields=["number"])
    notice = notices.create_notice(published_article, published_article.live_version)

    prepared = sending.PreparedNotice(notice.pk)
    claim = queue.Claim()
    _, pks = claim.take(10)
    with CaptureQueriesContext(connection) as read:
        deliveries = claim.read(pks, prepared.followed_by)
    with CaptureQueriesContext(connection) as made:
        messages = {d.subscriber.email: prepared.email.bytes_for(d) for d in deliveries.values()}

    assert len(read) == 1
    assert len(made) == 0
    assert ARTICLE.encode() in messages["page@example.org"]
    assert b"because you follow new articles for relevant audience 0" in messages["audience@example.org"]
    assert SITE.encode() in messages["site@example.org"]


def test_the_manage_page_says_what_each_follow_brings(client, published_article):
    audience = Audience.objects.create(name="people with breast cancer", slug="breast-cancer")
    subscription = confirmed("reader@example.org", article=published_article)
    confirmed("reader@example.org", audience=audience)
    confirmed("reader@example.org", frequency=Subscription.Frequency.WEEKLY)

    page = client.get(f"/subscriptions/manage/{tokens.manage_token(subscription.subscriber)}/")

    text = page.content.decode()
    assert "An email when this article is updated" in text
    assert "An email for each new or updated article for people with breast cancer" in text
    assert "A weekly digest of new and updated articles on XRAYS" in text


@pytest.mark.django_db(transaction=True)
def test_the_weekly_digest_says_what_the_reader_follows(published_article, inbox, worker):
    audience = published_article.relevant_for.first()
    confirmed("audience@example.org", audience=audience, frequency=Subscription.Frequency.WEEKLY)
    confirmed("site@example.org", frequency=Subscription.Frequency.WEEKLY)
    worker()  # the confirmation emails
    inbox.clear()

    digest.create_digest()
    worker()

    (for_audience,) = inbox.to("audience@example.org")
    (for_site,) = inbox.to("site@example.org")
    for part in (text_of(for_audience), html_of(for_audience)):
        assert "because you follow new articles for relevant audience 0" in part
    for part in (text_of(for_site), html_of(for_site)):
        assert SITE in part
