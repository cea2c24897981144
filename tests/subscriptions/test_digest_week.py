"""The weekly digest over a week's events: an article withdrawn before the digest goes
out, two runs of the digest at once, an article updated more than once in the week."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import PublishedVersion
from audiences.models import Audience
from subscriptions import digest, follow
from subscriptions.models import Delivery, Notice, Subscription
from tests import factories
from tests.subscriptions.smtp import html_of, text_of

pytestmark = pytest.mark.django_db(transaction=True)

WEEKLY = Subscription.Frequency.WEEKLY


def confirmed(email, **what):
    subscription = follow.follow(email, frequency=WEEKLY, **what)
    follow.confirm(subscription)
    return subscription


def article_for(audience, publish, title, slug):
    article = factories.ArticleFactory(title=title, slug=slug, summary=f"About {title}.")
    factories.SectionFactory(article=article)
    article.relevant_for.add(audience)
    publish(article)
    article.refresh_from_db()
    return article


def test_a_reader_whose_only_article_of_the_week_was_withdrawn_gets_no_digest(publish, editor, inbox, worker):
    breast = Audience.objects.create(name="people with breast cancer", slug="breast-cancer")
    lung = Audience.objects.create(name="people with lung cancer", slug="lung-cancer")
    retracted = article_for(breast, publish, "A retracted study", "retracted")
    article_for(lung, publish, "A study on lung cancer", "lung-study")
    confirmed("breast@example.org", audience=breast)
    confirmed("site@example.org")
    worker()  # the confirmation emails
    inbox.clear()

    digest.create_digest()
    workflow.withdraw(retracted, by=editor, reason="The study was retracted.")
    worker()

    assert inbox.to("breast@example.org") == []
    (for_site,) = inbox.to("site@example.org")
    assert for_site["Subject"] == "XRAYS this week: A study on lung cancer"
    assert "A retracted study" not in text_of(for_site)
    skipped = Delivery.objects.get(subscriber__email="breast@example.org")
    assert skipped.status == Delivery.Status.SKIPPED


def test_two_digest_runs_at_once_make_one_digest_and_the_second_does_nothing(published_article):
    confirmed("site@example.org")
    first_checked, first_done = threading.Event(), threading.Event()
    outcome = {}

    def pause_after_the_check(execute, sql, params, many, context):
        # The second run has looked for this week's digest and found none; the other
        # run makes it before this one goes on.
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT") and Notice._meta.db_table in sql:
            first_checked.set()
            first_done.wait(30)
        return result

    def second_run():
        try:
            with connection.execute_wrapper(pause_after_the_check):
                outcome["notice"] = digest.create_digest()
        except Exception as error:  # reported by the assertion below
            outcome["error"] = error
        finally:
            first_checked.set()
            connection.close()

    thread = threading.Thread(target=second_run)
    thread.start()
    assert first_checked.wait(30)
    made = digest.create_digest()
    first_done.set()
    thread.join(30)

    assert made is not None
    assert outcome == {"notice": None}
    assert Notice.objects.get().digest_week == made.digest_week
    assert Delivery.objects.count() == 1


def test_an_article_updated_twice_in_the_week_lists_each_change_in_order_under_it(
    published_article, approve, editor, inbox, worker
):
    PublishedVersion.objects.filter(pk=published_article.live_version_id).update(
        published_at=timezone.now() - datetime.timedelta(days=9)
    )
    for number, summary in enumerate(["Added a second trial.", "Corrected the number of patients."], 2):
        section = published_article.sections.first()
        section.body = f"<p>Version {number} of the text.</p>"
        section.save()
        approve(published_article)
        workflow.publish(published_article, by=editor, change_summary=summary)
    confirmed("site@example.org")
    worker()  # the confirmation emails
    inbox.clear()

    digest.create_digest()
    worker()

    (message,) = inbox.to("site@example.org")
    assert message["Subject"] == "XRAYS this week: Early spread of breast cancer"
    for part in (text_of(message), html_of(message)):
        assert part.count("Early spread of breast cancer") == 1
        first = part.index("Added a second trial.")
        assert part.index("Early spread of breast cancer") < first
        assert first < part.index("Corrected the number of patients.")
        assert "(updated)" in part
