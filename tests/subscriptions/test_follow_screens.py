"""What each follow screen tells the reader: the address they typed, what they now
follow or stopped, where to go back to, and a second question before deleting."""

import re

import pytest
from django.test import Client

from subscriptions import follow, tokens
from subscriptions.follow_pages import PENDING_COOKIE
from subscriptions.models import Subscriber, Subscription

FOLLOW_PAGE = "/subscriptions/follow/article/early-spread/"
CHECK_INBOX = "/subscriptions/check-your-inbox/"
TITLE = "Early spread of breast cancer"

pytestmark = pytest.mark.django_db


def check_inbox_after(client, path, email, **data):
    response = client.post(path, {"email": email, **data})
    assert response.status_code == 302 and response["Location"] == CHECK_INBOX
    return client.get(CHECK_INBOX)


def manage_path(subscriber):
    return f"/subscriptions/manage/{tokens.manage_token(subscriber)}/"


def test_check_your_inbox_repeats_the_address_typed_and_links_back_to_the_article(client, published_article):
    page = check_inbox_after(client, FOLLOW_PAGE, "  Reader@Example.org ").content.decode()
    assert 'We have sent a link to <strong class="address">Reader@Example.org</strong>' in page
    assert f"emails about updates to “{TITLE}”" in page
    assert '<a href="/articles/early-spread/">Back to the article</a>' in page
    assert f'<a href="{FOLLOW_PAGE}?change=1">Change it</a>' in page


def test_the_address_repeated_is_escaped(client, published_article):
    page = check_inbox_after(client, FOLLOW_PAGE, '"<b>x</b>"@example.org').content.decode()
    assert "&quot;&lt;b&gt;x&lt;/b&gt;&quot;@example.org" in page
    assert "<b>x</b>" not in page


def test_the_address_never_travels_in_an_address_and_the_pages_are_kept_by_no_cache(
    client, published_article
):
    response = client.post(FOLLOW_PAGE, {"email": "reader@example.org"})
    assert "reader" not in response["Location"]
    cookie = response.cookies[PENDING_COOKIE]
    assert cookie["path"] == "/subscriptions/" and cookie["httponly"] and "reader@" not in cookie.value
    for path in (CHECK_INBOX, FOLLOW_PAGE, f"{FOLLOW_PAGE}?change=1"):
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_wrong_address_change_it_opens_the_form_with_the_address_kept(client, published_article):
    check_inbox_after(client, FOLLOW_PAGE, "reader@exmaple.org")
    page = client.get(f"{FOLLOW_PAGE}?change=1").content.decode()
    assert 'value="reader@exmaple.org"' in page
    # Only when asked for, and only on the page it was typed on.
    assert "reader@exmaple.org" not in client.get(FOLLOW_PAGE).content.decode()
    assert "reader@exmaple.org" not in client.get("/subscriptions/follow/?change=1").content.decode()


def test_the_weekly_choice_is_kept_too_when_changing_the_address(client, published_article):
    check_inbox_after(client, "/subscriptions/follow/", "reader@example.org", frequency="weekly")
    page = client.get("/subscriptions/follow/?change=1").content.decode()
    assert 'value="weekly" id="id_frequency_1" checked' in page


def test_check_your_inbox_is_the_same_page_for_a_known_and_an_unknown_address(published_article):
    unknown = check_inbox_after(Client(), FOLLOW_PAGE, "reader@example.org").content
    follow.confirm(Subscription.objects.get())
    known = check_inbox_after(Client(), FOLLOW_PAGE, "reader@example.org").content
    robot = check_inbox_after(Client(), FOLLOW_PAGE, "reader@example.org", website="x").content
    assert known == unknown == robot


def test_check_your_inbox_opened_without_following_says_nothing_of_any_address(client, db):
    page = client.get(CHECK_INBOX)
    assert page.status_code == 200 and b"Check your inbox" in page.content
    assert client.head(CHECK_INBOX).status_code == 200
    tampered = Client()
    tampered.cookies[PENDING_COOKIE] = "someone@example.org"
    assert b"someone@example.org" not in tampered.get(CHECK_INBOX).content


def test_following_an_audience_leads_back_to_its_listing(client, published_article):
    audience = published_article.relevant_for.first()
    page = check_inbox_after(client, f"/subscriptions/follow/audience/{audience.slug}/", "r@example.org")
    assert (
        f'<a href="/audiences/{audience.slug}/">Back to articles for {audience.name}</a>'
        in page.content.decode()
    )


def test_after_confirming_the_page_says_what_the_reader_now_follows_and_what_comes_next(
    client, published_article
):
    subscription = follow.follow("reader@example.org", article=published_article)
    path = f"/subscriptions/confirm/{tokens.confirmation_token(subscription)}/"
    assert b"now following" not in client.get(path).content
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == path
    page = client.get(path).content.decode()
    assert f"You're now following “{TITLE}”" in page
    assert "when this article is updated after review" in page
    assert "Every email has a link to stop" in page
    # A fresh manage link (its token is signed when made).
    (manage,) = re.findall(r'href="(/subscriptions/manage/[^"/]+/)">your emails from XRAYS', page)
    assert client.get(manage).status_code == 200
    assert 'href="/articles/early-spread/">Back to the article</a>' in page
    assert client.post(path).status_code == 302  # pressing again changes nothing


def test_confirming_a_weekly_digest_of_everything_says_so(client, published_article):
    subscription = follow.follow("reader@example.org", frequency="weekly")
    path = f"/subscriptions/confirm/{tokens.confirmation_token(subscription)}/"
    client.post(path)
    page = client.get(path).content.decode()
    assert "You're now following all of XRAYS" in page and "once a week" in page
    assert 'href="/">Back to XRAYS home</a>' in page


def test_stopping_one_follow_says_what_was_stopped_and_how_to_follow_again(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    follow.confirm(subscription)
    path = manage_path(subscription.subscriber)
    response = client.post(path, {"action": "stop", "subscription": subscription.pk})
    page = client.get(response["Location"]).content.decode()
    assert f"Stopped: you'll no longer get emails about “{TITLE}”." in page
    assert f'<a href="{FOLLOW_PAGE}">Follow it again</a>' in page
    assert '<a href="/articles/early-spread/">Back to the article</a>' in page
    assert 'role="status"' in page


def test_a_made_up_stopped_value_shows_nothing_it_names(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    page = client.get(manage_path(subscription.subscriber) + "?stopped=article/<script>").content.decode()
    assert "<script>" not in page and "Stopped: you no longer get emails about that." in page


def test_delete_my_address_asks_once_more_and_opening_the_question_deletes_nothing(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    follow.follow("reader@example.org")
    manage = manage_path(subscription.subscriber)
    manage_page = client.get(manage).content.decode()
    delete_path = f"{manage}delete/"
    assert f'<a class="button button-danger" href="{delete_path}">Delete my address…</a>' in manage_page

    question = client.get(delete_path)
    assert client.head(delete_path).status_code == 200
    html = question.content.decode()
    assert "Delete your address and all 2 follows?" in html and "This can't be undone." in html
    assert f'<a class="button button-secondary" href="{manage}">Keep my address</a>' in html
    assert "no-store" in question["Cache-Control"]
    assert Subscriber.objects.count() == 1 and Subscription.objects.count() == 2

    assert b"Your address is deleted" in client.post(delete_path).content
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert client.get(delete_path).status_code == 404


def test_the_old_one_tap_delete_now_leads_to_the_question(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    manage = manage_path(subscription.subscriber)
    response = client.post(manage, {"action": "delete"})
    assert response.status_code == 302 and response["Location"] == f"{manage}delete/"
    assert Subscriber.objects.exists()


def test_deleting_needs_the_csrf_token(published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    path = f"{manage_path(subscription.subscriber)}delete/"
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403
    assert Subscriber.objects.exists()


def test_after_one_click_unsubscribe_deleting_the_address_still_asks(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    subscriber = subscription.subscriber
    page = client.post(f"/subscriptions/unsubscribe/{tokens.unsubscribe_token(subscriber)}/").content.decode()
    (delete,) = re.findall(r'href="(/subscriptions/manage/[^"/]+/delete/)">Delete your address too</a>', page)
    assert b"Delete your address?" in client.get(delete).content  # a question, not a deletion
    assert Subscriber.objects.exists()


def test_a_bad_address_is_an_alert_beside_the_field(client, published_article):
    page = client.post(FOLLOW_PAGE, {"email": "nope"}).content.decode()
    assert '<div class="notice notice-error" role="alert">' in page
