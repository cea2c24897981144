"""Typing someone's address into the follow forms again and again cannot flood their
inbox: one confirmation email per address every 10 minutes, five a day, none to an
address its mail server refused; the person at the form is answered the same either
way. Real SMTP server (aiosmtpd) and the real task worker."""

import datetime
import os

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.utils import timezone

from subscriptions import follow
from subscriptions.models import Subscriber
from subscriptions.tasks import send_confirmation
from tests.subscriptions.smtp import text_of
from tests.subscriptions.test_workers import start_worker

VICTIM = "victim@example.org"


def answer(response):
    return response.status_code, response.get("Location"), response.content


@pytest.fixture
def inbox(inbox, worker, published_article):
    """The server's inbox, once what publishing the article sent (to its editors) is
    out of the way."""
    worker()
    inbox.clear()
    return inbox


@pytest.mark.django_db(transaction=True)
def test_ten_follow_requests_for_one_address_within_a_minute_send_one_email(published_article, inbox, worker):
    audience = published_article.relevant_for.first()
    pages = [
        "/subscriptions/follow/article/early-spread/",
        "/subscriptions/follow/",
        f"/subscriptions/follow/audience/{audience.slug}/",
    ]
    spellings = [VICTIM, "Victim@Example.org", "victim@ｅｘａｍｐｌｅ.org"]
    answers = []
    for n in range(10):
        # From a few clients, so that no client's throttle stops them.
        client = Client(REMOTE_ADDR=f"198.51.100.{n % 3 + 1}")
        answers.append(answer(client.post(pages[n % 3], {"email": spellings[n % 3]})))
        worker()

    assert len(inbox.to(VICTIM)) == 1
    assert len(inbox.messages) == 1
    # Whether or not an email went out, the same answer.
    assert answers == [answers[0]] * 10
    assert answers[0][:2] == (302, "/subscriptions/check-your-inbox/")


def ten_minutes_pass():
    """As if the address's last confirmation email went out 10 minutes ago, and what
    the worker was asked to do by then is due."""
    from django_tasks_db.models import DBTaskResult

    Subscriber.objects.exclude(confirmation_sent_at=None).update(
        confirmation_sent_at=F("confirmation_sent_at") - settings.CONFIRMATION_EMAIL_INTERVAL
    )
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_follows_a_second_page_within_10_minutes_gets_its_link_once_they_are_over(
    published_article, inbox, worker
):
    client = Client()
    client.post("/subscriptions/follow/article/early-spread/", {"email": VICTIM})
    worker()
    for _ in range(3):  # the second page, asked for again and again
        client.post("/subscriptions/follow/", {"email": VICTIM})
        worker()
    (first,) = inbox.to(VICTIM)
    assert "Early spread of breast cancer" in text_of(first)

    ten_minutes_pass()
    worker()
    first, second = inbox.to(VICTIM)
    assert "all new articles" in text_of(second)

    ten_minutes_pass()
    worker()
    assert len(inbox.to(VICTIM)) == 2


@pytest.mark.django_db(transaction=True)
def test_an_address_whose_mail_server_refused_it_gets_no_confirmation(published_article, inbox, worker):
    refused = follow.follow(VICTIM, article=published_article).subscriber
    Subscriber.objects.filter(pk=refused.pk).update(refused_at=timezone.now(), refusal="550 No such user")
    confirmed = follow.follow("reader@example.org", article=published_article)
    follow.confirm(confirmed)
    Subscriber.objects.filter(pk=confirmed.subscriber_id).update(
        refused_at=timezone.now(), refusal="550 No such user"
    )
    worker()  # the confirmations asked for above: none goes out

    first = answer(Client().post("/subscriptions/follow/", {"email": "new@example.org"}))
    for email in (VICTIM, "reader@example.org"):  # a new follow, and one already confirmed
        for path in ("/subscriptions/follow/", "/subscriptions/follow/article/early-spread/"):
            assert answer(Client().post(path, {"email": email})) == first
    worker()

    assert [m["To"] for m in inbox.messages] == ["new@example.org"]


def test_an_address_gets_one_confirmation_email_per_10_minutes_and_five_a_day(published_article):
    subscription = follow.follow(VICTIM, article=published_article)
    start = timezone.now()

    def allowed(minutes):
        return follow.may_send_confirmation(subscription, start + datetime.timedelta(minutes=minutes))

    assert allowed(0)
    assert not allowed(1) and not allowed(9)
    assert [allowed(m) for m in (10, 15, 20, 30, 40)] == [True, False, True, True, True]
    # Five in the day that began at minute 0: none more until it ends.
    assert not allowed(50) and not allowed(24 * 60 - 1)
    assert allowed(24 * 60) and not allowed(24 * 60 + 5)


def test_a_confirmation_retried_after_the_server_was_down_is_not_held_back(published_article, mailoutbox):
    subscription = follow.follow(VICTIM, article=published_article)
    # The first attempt counted the email, then found the server down.
    assert follow.may_send_confirmation(subscription)

    assert send_confirmation.call(subscription.pk, attempt=1) == "sent"
    assert send_confirmation.call(subscription.pk) != "sent"  # a new request, within 10 minutes
    assert len(mailoutbox) == 1


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="several workers share PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_address_one_confirmation(published_article, smtp_server):
    from django_tasks_db.models import DBTaskResult

    audience = published_article.relevant_for.first()
    for _ in range(10):
        for what in ({"article": published_article}, {"audience": audience}, {}):
            follow.follow(VICTIM, **what)
    assert DBTaskResult.objects.filter(task_path=send_confirmation.module_path).count() == 30

    workers = [start_worker(smtp_server, "--batch") for _ in range(2)]
    for process in workers:
        assert process.wait(120) == 0, process.stderr.read().decode()

    assert len(smtp_server.inbox.to(VICTIM)) == 1
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
