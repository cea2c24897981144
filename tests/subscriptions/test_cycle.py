"""The whole cycle against a real SMTP server on loopback: follow, confirm from the
email, an update with "notify followers", one-click unsubscribe, the manage page."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles import workflow
from subscriptions.models import Delivery, Subscriber, Subscription
from tests import factories
from tests.subscriptions.smtp import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

READER = "reader@example.org"


def to_readers(inbox):
    """What readers got: the editorial team's own emails about review are not theirs."""
    staff = set(User.objects.filter(is_staff=True).values_list("email", flat=True))
    return [m for m in inbox.messages if m["To"] not in staff]


def path_of(url):
    parts = urlsplit(url)
    return parts.path


def follow_and_confirm(client, follow_path, inbox, worker, email=READER):
    response = client.post(follow_path, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/subscriptions/check-your-inbox/"
    worker()
    (message,) = inbox.to(email)
    inbox.clear()
    confirm_path = path_of(link_in(message, "/subscriptions/confirm/"))
    page = client.get(confirm_path)
    assert b"Confirm" in page.content
    response = client.post(confirm_path)
    assert response.status_code == 302 and response["Location"] == confirm_path
    assert b"You're now following" in client.get(confirm_path).content
    return message


def publish_update(article, approve, editor, summary="Added the results of a new trial."):
    section = article.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    approve(article)
    return workflow.publish(article, by=editor, change_summary=summary, notify_subscribers=True)


def test_a_reader_follows_confirms_gets_the_update_and_stops_everything_in_one_click(
    published_article, approve, editor, inbox, worker
):
    client = Client(enforce_csrf_checks=False)
    page = client.get("/articles/early-spread/")
    assert b"Get notified of page updates" in page.content
    assert b'href="/subscriptions/follow/article/early-spread/"' in page.content

    confirmation = follow_and_confirm(client, "/subscriptions/follow/article/early-spread/", inbox, worker)
    assert "Please confirm" in confirmation["Subject"]
    assert "/subscriptions/manage/" in text_of(confirmation)
    subscriber = Subscriber.objects.get(email=READER)
    assert subscriber.is_confirmed
    assert subscriber.subscriptions.get().is_confirmed

    publish_update(published_article, approve, editor)
    worker()

    (notice,) = inbox.to(READER)
    assert notice["Subject"] == "Updated: Early spread of breast cancer"
    text, html = text_of(notice), html_of(notice)
    for part in (text, html):
        assert "Early spread of breast cancer" in part
        assert "Added the results of a new trial." in part
        assert "http://127.0.0.1:8000/articles/early-spread/" in part
        assert "/subscriptions/manage/" in part
    assert "<style" not in html and 'style="' in html  # the CSS is inlined
    assert "<img" not in html
    unsubscribe = notice["List-Unsubscribe"]
    assert unsubscribe.startswith(
        "<http://127.0.0.1:8000/subscriptions/unsubscribe/"
    ) and unsubscribe.endswith(">")
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get().status == Delivery.Status.SENT

    # The mail program's one-click POST: no CSRF token, no cookie.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path_of(unsubscribe.strip("<>")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()

    manage = client.get(path_of(link_in(notice, "/subscriptions/manage/")))
    assert b"You follow nothing" in manage.content


def test_a_new_article_reaches_audience_and_site_followers_with_its_summary(
    published_article, publish, inbox, worker
):
    client = Client()
    audience = published_article.relevant_for.first()
    follow_and_confirm(
        client, f"/subscriptions/follow/audience/{audience.slug}/", inbox, worker, "aud@example.org"
    )
    follow_and_confirm(client, "/subscriptions/follow/", inbox, worker, "all@example.org")
    follow_and_confirm(
        client, "/subscriptions/follow/article/early-spread/", inbox, worker, "page@example.org"
    )

    article = factories.full_article(
        title="A second study", slug="second-study", summary="What the second study found."
    )
    article.relevant_for.set([audience])
    publish(article, notify_subscribers=True)
    worker()

    assert {m["To"] for m in to_readers(inbox)} == {"aud@example.org", "all@example.org"}
    for message in to_readers(inbox):
        assert message["Subject"] == "New on XRAYS: A second study"
        assert "What the second study found." in text_of(message)


def test_publishing_without_notify_and_withdrawing_notify_nobody(
    published_article, approve, editor, inbox, worker
):
    client = Client()
    follow_and_confirm(client, "/subscriptions/follow/article/early-spread/", inbox, worker)
    section = published_article.sections.first()
    section.body = "<p>A typo fixed.</p>"
    section.save()
    approve(published_article)
    workflow.publish(published_article, by=editor, change_summary="Typo.", notify_subscribers=False)
    workflow.withdraw(published_article, by=editor, reason="Retracted study.")
    worker()
    assert to_readers(inbox) == []
    assert not Delivery.objects.exists()


def test_the_manage_page_stops_one_follow_then_deletes_the_address(
    published_article, inbox, worker, settings
):
    # The reader follows twice within seconds, as if the 10 minutes between two
    # confirmation emails had passed (tests/subscriptions/test_confirmation_limits.py).
    settings.CONFIRMATION_EMAIL_INTERVAL = datetime.timedelta(0)
    client = Client()
    follow_and_confirm(client, "/subscriptions/follow/article/early-spread/", inbox, worker)
    confirmation = follow_and_confirm(client, "/subscriptions/follow/", inbox, worker)
    manage_path = path_of(link_in(confirmation, "/subscriptions/manage/"))

    page = client.get(manage_path)
    assert b"Early spread of breast cancer" in page.content and b"All new articles" in page.content
    article_follow = Subscription.objects.get(article=published_article)
    response = client.post(manage_path, {"action": "stop", "subscription": article_follow.pk})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Stopped: you'll no longer get emails about “Early spread of breast cancer”." in html
    assert "Early spread of breast cancer”</strong>" not in html  # no longer in the list

    response = client.post(manage_path, {"action": "delete"})  # asks first
    assert response.status_code == 302 and Subscriber.objects.exists()
    response = client.post(response["Location"])
    assert b"Your address is deleted" in response.content
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    # The link now opens nothing.
    assert client.get(manage_path).status_code == 404
