"""What goes into an email's headers never stops it: a title holding line breaks is
sent on a one-line Subject, a message that cannot be made fails alone and the run goes
on, and every email's List-Unsubscribe is a plain link that mail programs can use.
Against a real SMTP server on loopback (aiosmtpd) and the real task worker."""

import re

import pytest

from subscriptions import digest, follow, notices, sending
from subscriptions.emails import header_text
from subscriptions.models import Delivery, Subscriber, Subscription
from tests import factories
from tests.subscriptions.smtp import link_in

WEEKLY = Subscription.Frequency.WEEKLY
BROKEN_TITLE = "Early spread\u2028of breast\x85cancer\r\nin the clinic"
CLEAN_TITLE = "Early spread of breast cancer in the clinic"


def confirmed(email, **what):
    subscription = follow.follow(email, **what)
    follow.confirm(subscription)
    return subscription.subscriber


def raw_messages(inbox):
    """Each message's bytes as the server received them, by recipient."""
    received = {}

    async def keep(envelope):
        received[envelope.rcpt_tos[0]] = envelope.content

    inbox.on_data = keep
    return received


def header_lines(raw, name):
    """The lines of header `name` in `raw`, folded lines included."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    match = re.search(rb"(?im)^" + name.encode() + rb":.*\r\n(?:[ \t].*\r\n)*", head + b"\r\n")
    assert match, f"no {name} header in:\n{head.decode(errors='replace')}"
    return match.group(0).decode().splitlines()


@pytest.mark.parametrize(
    "text, clean",
    [
        ("a\u2028b\u2029c", "a b c"),
        ("a\x85b\r\nc\nd\re", "a b c d e"),
        ("a\tb\x00c\x1bd\x7fe\x0bf\x0cg", "a b c d e f g"),
        ("  Études  sur\u00a0le cancer ", "Études sur le cancer"),
    ],
)
def test_header_text_puts_line_breaks_and_control_characters_as_spaces(text, clean):
    assert header_text(text) == clean


@pytest.mark.django_db(transaction=True)
def test_an_article_titled_with_line_breaks_reaches_readers_with_a_one_line_subject(publish, inbox, worker):
    received = raw_messages(inbox)
    confirmed("each@example.org")
    confirmed("weekly@example.org", frequency=WEEKLY)
    worker()  # the confirmation emails
    inbox.clear()
    article = factories.full_article(title=BROKEN_TITLE, slug="early-spread-clinic")

    publish(article, notify_subscribers=True)
    digest.create_digest()
    worker()

    (notice,) = inbox.to("each@example.org")
    assert notice["Subject"] == f"New on XRAYS: {CLEAN_TITLE}"
    assert header_lines(received["each@example.org"], "Subject") == [f"Subject: New on XRAYS: {CLEAN_TITLE}"]
    (weekly,) = inbox.to("weekly@example.org")
    assert weekly["Subject"] == f"XRAYS this week: {CLEAN_TITLE}"
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_notice_whose_email_cannot_be_made_fails_and_a_later_notice_still_goes_out(
    publish, inbox, worker, monkeypatch
):
    confirmed("reader@example.org")
    worker()  # the confirmation email
    inbox.clear()
    first = factories.full_article(title="A first study", slug="first-study")
    later = factories.full_article(title="A later study", slug="later-study")
    publish(first, notify_subscribers=True)
    publish(later, notify_subscribers=True)
    broken = notices.Notice.objects.get(version__article=first)

    class BrokenForTheFirst(sending.NoticeEmail):
        def __init__(self, notice):
            if notice.pk == broken.pk:
                raise ValueError("this notice's email cannot be rendered")
            super().__init__(notice)

    # The only way in for a fault that the cleaning of titles now prevents.
    monkeypatch.setattr(sending, "NoticeEmail", BrokenForTheFirst)
    worker()  # and no task failed

    (message,) = inbox.to("reader@example.org")
    assert message["Subject"] == "New on XRAYS: A later study"
    failed = Delivery.objects.get(notice=broken)
    assert failed.status == Delivery.Status.FAILED
    assert "this notice's email cannot be rendered" in failed.error
    assert Subscriber.objects.get(email="reader@example.org").refused_at is None


def test_a_reader_whose_message_cannot_be_made_fails_alone_and_the_run_goes_on(published_article, inbox, db):
    # Saved by another way than the follow form: a local part Django cannot send to.
    unsendable = Subscriber.objects.create(email="rëader@example.org")
    Subscription.objects.create(subscriber=unsendable)
    follow.confirm(unsendable.subscriptions.get())
    confirmed("other@example.org")
    notice = notices.create_notice(published_article, published_article.live_version)

    report = sending.send_due_deliveries()

    assert (report.sent, report.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["other@example.org"]
    failed = notice.deliveries.get(subscriber=unsendable)
    assert failed.status == Delivery.Status.FAILED and "rëader@example.org" in failed.error
    assert Subscriber.objects.get(pk=unsendable.pk).refused_at is None


def test_every_email_carries_its_unsubscribe_link_as_a_plain_link_on_one_line(
    published_article, inbox, settings, db
):
    # A long address, as many sites have: the link is far longer than a folded line.
    settings.SITE_URL = "https://patient-reviews.xrays-cancer-research.example.org"
    received = raw_messages(inbox)
    confirmed("plain@example.org")  # its notice filled into the notice's template
    confirmed("reader@bücher.example")  # its notice built by Django
    confirmed("weekly@example.org", frequency=WEEKLY)  # the digest
    notices.create_notice(published_article, published_article.live_version)
    digest.create_digest()

    assert sending.send_due_deliveries().sent == 3

    assert sorted(received) == ["plain@example.org", "reader@xn--bcher-kva.example", "weekly@example.org"]
    for address, raw in received.items():
        (line,) = header_lines(raw, "List-Unsubscribe")
        link = re.fullmatch(r"List-Unsubscribe: <(\S+)>", line).group(1)
        assert link.startswith(f"{settings.SITE_URL}/subscriptions/unsubscribe/")
        assert len(line) > 78  # would have been folded, and encoded
        (message,) = inbox.to(address)
        assert link == link_in(message, "/subscriptions/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
