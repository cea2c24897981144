"""A mail server refusing one message is not refusing the address. A spam filter or a
DMARC check answering 5xx at the end of a message fails that delivery, which editors
see with the server's answer, and the reader gets the next notices; only an answer
about the mailbox (a 5.1.x or 5.2.1 status, or a 5xx to RCPT TO that gives no status)
stops mail to the address. Confirmation emails follow the same rule. Against a real SMTP server on
loopback (aiosmtpd)."""

import pytest

from subscriptions import follow, notices, sending
from subscriptions.models import Delivery, Subscriber
from subscriptions.tasks import send_confirmation

READER = "reader@example.org"
SPAM = "554 5.7.1 message refused as spam"


def confirmed(email, **what):
    subscription = follow.follow(email, **what)
    follow.confirm(subscription)
    return subscription.subscriber


def as_update(article):
    """The notice of an update (version 2) reaches the page's followers."""
    article.live_version.number = 2
    article.live_version.save(update_fields=["number"])
    return article


def notify(article):
    return notices.create_notice(article, article.live_version)


def test_a_message_refused_as_spam_fails_that_email_and_the_reader_still_gets_the_next(
    published_article, inbox, editor, client, db
):
    reader = confirmed(READER)
    confirmed("other@example.org")
    first = notify(published_article)
    inbox.refuse_message[READER] = SPAM

    report = sending.send_due_deliveries()

    assert (report.sent, report.failed) == (1, 1)
    delivery = first.deliveries.get(subscriber=reader)
    assert (delivery.status, delivery.error) == (Delivery.Status.FAILED, SPAM)
    reader.refresh_from_db()
    assert reader.refused_at is None and reader.refusal == ""
    # Editors see the failure and the server's answer.
    client.force_login(editor)
    page = client.get("/admin/subscriptions/delivery/?status__exact=failed").content.decode()
    assert READER in page and SPAM in page

    # The next notice is made for the address, and reaches it.
    del inbox.refuse_message[READER]
    inbox.clear()
    second = notify(published_article)
    assert second.deliveries.filter(subscriber=reader).exists()
    assert sending.send_due_deliveries().sent == 2
    assert len(inbox.to(READER)) == 1


def test_no_such_user_at_rcpt_stops_mail_to_the_address(published_article, inbox, db):
    reader = confirmed(READER)
    notice = notify(published_article)
    inbox.refuse[READER] = "550 5.1.1 no such user"

    assert sending.send_due_deliveries().failed == 1

    reader.refresh_from_db()
    assert reader.refused_at is not None and reader.refusal == "550 5.1.1 no such user"
    assert notice.deliveries.get().error == "550 5.1.1 no such user"
    assert not notify(published_article).deliveries.filter(subscriber=reader).exists()


def test_a_relay_that_refuses_to_relay_fails_the_email_and_leaves_the_address_alone(
    published_article, inbox, db
):
    reader = confirmed(READER)
    notice = notify(published_article)
    inbox.refuse[READER] = "554 5.7.1 relay access denied"

    assert sending.send_due_deliveries().failed == 1

    assert notice.deliveries.get().error == "554 5.7.1 relay access denied"
    assert Subscriber.objects.get(pk=reader.pk).refused_at is None


def test_a_plain_550_at_rcpt_stops_mail_to_the_address(published_article, inbox, db):
    reader = confirmed(READER)
    notify(published_article)
    inbox.refuse[READER] = "550 no such user"

    assert sending.send_due_deliveries().failed == 1

    assert Subscriber.objects.get(pk=reader.pk).refused_at is not None


@pytest.mark.parametrize(
    "answer", ["554 5.1.1 no such user here", "554 5.2.1 mailbox disabled, not accepting messages"]
)
def test_a_refusal_at_the_end_of_the_message_that_names_the_mailbox_stops_mail_to_the_address(
    answer, published_article, inbox, db
):
    reader = confirmed(READER)
    notify(published_article)
    inbox.refuse_message[READER] = answer

    assert sending.send_due_deliveries().failed == 1

    reader.refresh_from_db()
    assert reader.refused_at is not None and reader.refusal == answer
    assert not notify(published_article).deliveries.filter(subscriber=reader).exists()


@pytest.mark.parametrize(
    "answer",
    [
        "552 5.2.2 mailbox full",
        "552 5.3.4 message too big for system",
        "550 5.1.7 bad sender mailbox address syntax",
        "554 transaction failed",
    ],
)
def test_other_permanent_refusals_of_a_message_leave_the_address_alone(answer, published_article, inbox, db):
    reader = confirmed(READER)
    notice = notify(published_article)
    inbox.refuse_message[READER] = answer

    assert sending.send_due_deliveries().failed == 1

    assert notice.deliveries.get().error == answer
    assert Subscriber.objects.get(pk=reader.pk).refused_at is None


def test_a_confirmation_refused_as_spam_leaves_the_address_usable(published_article, inbox, db):
    subscription = follow.follow(READER, article=published_article)
    inbox.refuse_message[READER] = SPAM

    assert send_confirmation.call(subscription.pk) == f"failed: {SPAM}"

    assert Subscriber.objects.get(email=READER).refused_at is None
    # Confirmed another way (say, from a second email): its notices go out.
    del inbox.refuse_message[READER]
    follow.confirm(subscription)
    notify(as_update(published_article))
    assert sending.send_due_deliveries().sent == 1
    assert len(inbox.to(READER)) == 1


def test_a_confirmation_refused_for_a_missing_mailbox_stops_mail_to_the_address(published_article, inbox, db):
    subscription = follow.follow(READER, article=published_article)
    inbox.refuse_message[READER] = "554 5.1.1 no such user"

    assert send_confirmation.call(subscription.pk) == "refused: 554 5.1.1 no such user"

    subscriber = Subscriber.objects.get(email=READER)
    assert subscriber.refused_at is not None and subscriber.refusal == "554 5.1.1 no such user"
