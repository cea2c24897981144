"""Sending notices to a real SMTP server on loopback: each address once, retries after
an outage, a permanent refusal stops mail to the address, nothing to an address that
stopped following, pause and resume; and the deliveries are made in a fixed number
of queries, however many follow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from subscriptions import follow, notices, sending
from subscriptions.models import Delivery, Notice, Subscriber, Subscription
from tests.subscriptions.smtp import html_of, text_of


def confirmed(email, **what):
    subscription = follow.follow(email, **what)
    follow.confirm(subscription)
    return subscription.subscriber


def make_notice(article):
    return notices.create_notice(article, article.live_version)


@pytest.fixture
def followers(published_article):
    audience = published_article.relevant_for.first()
    confirmed("page@example.org", article=published_article)
    confirmed("audience@example.org", audience=audience)
    confirmed("site@example.org")
    # Follows the page, its audience and the site: one email all the same.
    confirmed("all-three@example.org", article=published_article)
    confirmed("all-three@example.org", audience=audience)
    confirmed("all-three@example.org")
    follow.follow("unconfirmed@example.org", article=published_article)
    confirmed("other-audience@example.org", audience=published_article.also_relevant_for.first())
    return published_article


def as_update(article):
    """The notice of an update (version 2), without going through the workflow again."""
    article.live_version.number = 2
    article.live_version.save(update_fields=["number"])
    return article


def test_each_confirmed_follower_gets_one_delivery(followers, db):
    notice = make_notice(as_update(followers))
    addresses = sorted(notice.deliveries.values_list("subscriber__email", flat=True))
    assert addresses == [
        "all-three@example.org",
        "audience@example.org",
        "other-audience@example.org",  # "also relevant for" audiences are followed too
        "page@example.org",
        "site@example.org",
    ]


def test_a_new_article_is_not_for_the_pages_followers(followers, db):
    notice = make_notice(followers)
    assert notice.kind == Notice.Kind.NEW
    assert "page@example.org" not in set(notice.deliveries.values_list("subscriber__email", flat=True))


def test_deliveries_are_made_in_the_same_number_of_queries_for_many_followers(published_article, db):
    as_update(published_article)
    confirmed("first@example.org")
    with CaptureQueriesContext(connection) as few:
        make_notice(published_article)
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"r{i}@example.org", confirmed_at=timezone.now()) for i in range(200)]
    )
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=s, confirmed_at=timezone.now())
            for s in Subscriber.objects.exclude(subscriptions__isnull=False)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        notice = make_notice(published_article)
    assert notice.deliveries.count() == 201
    assert len(many) == len(few)


def test_the_notice_goes_out_over_smtp_each_address_once(followers, inbox, db):
    make_notice(as_update(followers))
    report = sending.send_due_deliveries()
    assert report.sent == 5
    assert sorted(m["To"] for m in inbox.messages) == [
        "all-three@example.org",
        "audience@example.org",
        "other-audience@example.org",
        "page@example.org",
        "site@example.org",
    ]
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    # A second run sends nothing again.
    assert sending.send_due_deliveries().sent == 0
    assert len(inbox.messages) == 5


def test_an_outage_is_retried_with_back_off_until_the_server_is_back(followers, smtp_server, db):
    notice = make_notice(as_update(followers))
    smtp_server.stop()
    report = sending.send_due_deliveries()
    assert report.connection_error and report.sent == 0
    assert notice.deliveries.filter(status=Delivery.Status.QUEUED).count() == 5

    smtp_server.start()
    assert sending.send_due_deliveries().sent == 5
    assert len(smtp_server.inbox.messages) == 5


def test_the_task_schedules_a_retry_when_the_server_is_down(followers, smtp_server, db):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import send_due_deliveries

    make_notice(as_update(followers))
    smtp_server.stop()
    before = timezone.now()
    result = send_due_deliveries.call()
    assert result["connection_error"]
    later = DBTaskResult.objects.filter(task_path__endswith="send_due_deliveries").order_by("run_after")
    # The follow-up run (subscriptions/tasks.py) may come first: the retry is the one that counts.
    retry = next((run for run in later if run.task_result.kwargs.get("retry")), None)
    assert retry is not None and retry.run_after >= before + datetime.timedelta(minutes=1)


def test_a_temporary_refusal_is_retried_later(followers, inbox, db):
    make_notice(as_update(followers))
    inbox.refuse["page@example.org"] = "451 Try again later"
    report = sending.send_due_deliveries()
    assert report.sent == 4 and report.deferred == 1
    delivery = Delivery.objects.get(subscriber__email="page@example.org")
    assert delivery.status == Delivery.Status.QUEUED and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()
    assert sending.send_due_deliveries().sent == 0  # not due yet

    del inbox.refuse["page@example.org"]
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert sending.send_due_deliveries().sent == 1
    assert len(inbox.to("page@example.org")) == 1


def test_a_permanent_refusal_stops_mail_to_the_address_and_editors_see_it(
    followers, inbox, editor, client, db
):
    make_notice(as_update(followers))
    inbox.refuse["page@example.org"] = "550 No such user here"
    report = sending.send_due_deliveries()
    assert report.failed == 1 and report.sent == 4
    subscriber = Subscriber.objects.get(email="page@example.org")
    assert subscriber.refused_at is not None and "550 No such user here" in subscriber.refusal

    # The next notice is not even made for it.
    notice = make_notice(followers)
    assert not notice.deliveries.filter(subscriber=subscriber).exists()

    client.force_login(editor)
    page = client.get("/admin/subscriptions/subscriber/?refused_at__isempty=0").content.decode()
    assert "page@example.org" in page and "550 No such user here" in page


def test_a_message_refused_at_its_end_is_retried_or_fails_and_the_next_goes_on(followers, inbox, db):
    make_notice(as_update(followers))
    inbox.refuse_message["page@example.org"] = "451 4.3.0 Mailbox busy"
    inbox.refuse_message["site@example.org"] = "554 5.7.1 Message refused"
    report = sending.send_due_deliveries()
    # One connection: after each refusal the transaction is reset and the next one goes on.
    assert (report.sent, report.deferred, report.failed) == (3, 1, 1)
    assert len(inbox.messages) == 3
    assert Delivery.objects.get(subscriber__email="page@example.org").status == Delivery.Status.QUEUED
    refused = Delivery.objects.get(subscriber__email="site@example.org")
    assert (refused.status, refused.error) == (Delivery.Status.FAILED, "554 5.7.1 Message refused")
    # A refusal of the message, not of the address (tests/subscriptions/test_refusals.py).
    assert Subscriber.objects.get(email="site@example.org").refused_at is None


def test_nothing_goes_to_an_address_that_stopped_after_the_notice_was_made(followers, inbox, db):
    make_notice(as_update(followers))
    follow.stop_all(Subscriber.objects.get(email="site@example.org"))
    Subscriber.objects.get(email="audience@example.org").subscriptions.update(confirmed_at=None)
    follow.forget(Subscriber.objects.get(email="page@example.org"))

    report = sending.send_due_deliveries()

    assert report.sent == 2 and report.skipped == 2
    assert sorted(m["To"] for m in inbox.messages) == ["all-three@example.org", "other-audience@example.org"]


def test_a_paused_notice_waits_until_resumed(followers, inbox, db):
    notice = make_notice(as_update(followers))
    Notice.objects.filter(pk=notice.pk).update(paused_at=timezone.now())
    assert sending.send_due_deliveries().sent == 0
    Notice.objects.filter(pk=notice.pk).update(paused_at=None)
    assert sending.send_due_deliveries().sent == 5


def test_batches_share_one_connection_and_stop_at_the_batch_size(followers, inbox, db):
    make_notice(as_update(followers))
    report = sending.send_due_deliveries(batch_size=2)
    assert report.sent == 2 and report.more
    assert sending.send_due_deliveries(batch_size=10).sent == 3


def test_each_message_carries_the_readers_own_links(followers, inbox, db):
    make_notice(as_update(followers))
    sending.send_due_deliveries()
    links = {m["To"]: m["List-Unsubscribe"] for m in inbox.messages}
    assert len(set(links.values())) == 5
    for message in inbox.messages:
        assert message["List-Unsubscribe"].strip("<>") in text_of(message)


def test_mail_programs_read_the_unsubscribe_link_as_it_is_and_long_links_survive_line_wrapping(
    followers, inbox, db
):
    make_notice(as_update(followers))
    sending.send_due_deliveries()
    for message in inbox.messages:
        raw = dict(message.raw_items())["List-Unsubscribe"].strip()
        assert raw.startswith("<http://127.0.0.1:8000/subscriptions/unsubscribe/")  # not an encoded word
        link = message["List-Unsubscribe"].strip("<>")
        assert f'href="{link}"' in html_of(message)  # whole, though the encoded lines wrap
        assert link in text_of(message)
        assert message["Message-ID"] and message["Date"]
    assert len({m["Message-ID"] for m in inbox.messages}) == 5


def test_an_address_with_a_non_ascii_domain_gets_its_message_too(published_article, inbox, db):
    confirmed("reader@bücher.example")
    make_notice(published_article)
    assert sending.send_due_deliveries().sent == 1
    (message,) = inbox.messages
    assert message["To"] == "reader@xn--bcher-kva.example"
    assert "/subscriptions/unsubscribe/" in message["List-Unsubscribe"]


def test_what_is_not_yet_sent_about_a_withdrawn_article_is_not_sent(followers, inbox, editor, db):
    from articles import workflow

    make_notice(as_update(followers))
    workflow.withdraw(followers, by=editor, reason="Retracted.")
    notices.stop_notices_on_withdrawal(sender=None, article=followers)  # sent after commit in production
    assert sending.send_due_deliveries().sent == 0
    assert inbox.messages == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SKIPPED}


def test_a_confirmation_is_retried_while_the_server_is_down_and_a_refusal_is_recorded(
    published_article, smtp_server, db
):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import send_confirmation

    subscription = follow.follow("new@example.org", article=published_article)
    smtp_server.stop()
    assert send_confirmation.call(subscription.pk) == "deferred"
    retry = DBTaskResult.objects.get(task_path="subscriptions.tasks.send_confirmation")
    assert retry.run_after > timezone.now() and retry.task_result.kwargs == {"attempt": 1}

    smtp_server.start()
    smtp_server.inbox.refuse["new@example.org"] = "550 No such user"
    # The retry, as the worker runs it: the email it sends was counted on the first try.
    assert send_confirmation.call(subscription.pk, attempt=1) == "refused: 550 No such user"
    subscriber = Subscriber.objects.get(email="new@example.org")
    assert subscriber.refused_at is not None and subscriber.refusal == "550 No such user"


def test_an_empty_post_to_the_follow_form_says_what_is_missing(client, published_article):
    response = client.post("/subscriptions/follow/")
    assert response.status_code == 400
    assert b"This field is required" in response.content
