"""The follow form and the links in emails: no answer reveals who follows what,
throttles and a honeypot hold robots back, and links only do what they were made for."""

import datetime

import pytest
from django.core import signing
from django.test import Client, override_settings

from subscriptions import follow, tokens
from subscriptions.models import Subscriber, Subscription
from subscriptions.tasks import delete_unconfirmed_subscribers
from tests import factories

FOLLOW_PAGE = "/subscriptions/follow/article/early-spread/"


def pending_confirmations(django_capture_on_commit_callbacks, post):
    """Run `post`; return the confirmation tasks it enqueued (not yet run)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post()
    return response, callbacks


@pytest.fixture
def known_reader(published_article):
    subscription = follow.follow("known@example.org", article=published_article)
    follow.confirm(subscription)
    return subscription.subscriber


def test_article_audience_home_pages_link_to_the_follow_pages(client, published_article):
    audience = published_article.relevant_for.first()
    article = client.get("/articles/early-spread/").content.decode()
    assert f'href="{FOLLOW_PAGE}"' in article and "csrfmiddlewaretoken" not in article
    home = client.get("/").content.decode()
    assert 'href="/subscriptions/follow/"' in home and "Follow all new articles" in home
    page = client.get(f"/audiences/{audience.slug}/").content.decode()
    assert f'href="/subscriptions/follow/audience/{audience.slug}/"' in page
    assert f"Follow new articles for {audience.name}" in page


def test_the_follow_page_has_one_email_field_a_csrf_token_and_a_honeypot(client, published_article):
    page = client.get(FOLLOW_PAGE).content.decode()
    assert 'type="email" name="email"' in page
    assert "csrfmiddlewaretoken" in page
    assert 'class="hp"' in page and 'name="website"' in page
    assert client.head(FOLLOW_PAGE).status_code == 200


def test_the_form_needs_its_csrf_token(published_article):
    response = Client(enforce_csrf_checks=True).post(FOLLOW_PAGE, {"email": "a@example.org"})
    assert response.status_code == 403


def test_unknown_pages_have_no_follow_page(client, db):
    assert client.get("/subscriptions/follow/article/no-such-article/").status_code == 404
    assert client.get("/subscriptions/follow/audience/no-such-audience/").status_code == 404
    draft = factories.full_article(slug="a-draft")
    assert client.get(f"/subscriptions/follow/article/{draft.slug}/").status_code == 404


def test_a_bad_address_is_a_form_error(client, published_article):
    response = client.post(FOLLOW_PAGE, {"email": "not an address"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("email", ["known@example.org", "KNOWN@example.org", "new@example.org"])
def test_the_answer_is_the_same_whether_or_not_the_address_follows(
    client, known_reader, email, django_capture_on_commit_callbacks
):
    response, callbacks = pending_confirmations(
        django_capture_on_commit_callbacks, lambda: client.post(FOLLOW_PAGE, {"email": email})
    )
    assert response.status_code == 302 and response["Location"] == "/subscriptions/check-your-inbox/"
    assert len(callbacks) == 1  # an email to the address in every case
    assert "known@example.org" not in response["Location"]  # nor the address in an address


def test_following_a_second_page_asks_again_and_reveals_nothing_else(
    client, known_reader, mailoutbox, published_article
):
    audience = published_article.relevant_for.first()
    client.post(f"/subscriptions/follow/audience/{audience.slug}/", {"email": "known@example.org"})
    second = Subscription.objects.get(audience=audience)
    assert not second.is_confirmed

    from subscriptions.tasks import send_confirmation

    send_confirmation.call(second.pk)
    (message,) = mailoutbox
    assert "Please confirm" in message.subject
    assert audience.name in message.body
    assert "Early spread" not in message.body  # the address's other follow is not named
    confirm_path = next(w for w in message.body.split() if "/subscriptions/confirm/" in w).split("8000", 1)[1]
    page = client.get(confirm_path).content.decode()
    assert audience.name in page and "Early spread" not in page


def test_a_follow_already_confirmed_gets_a_reminder_not_a_new_link(client, known_reader, mailoutbox):
    from subscriptions.tasks import send_confirmation

    send_confirmation.call(known_reader.subscriptions.get().pk)
    (message,) = mailoutbox
    assert message.subject == "You already follow this on XRAYS"
    assert "/subscriptions/confirm/" not in message.body


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_kept(client, published_article):
    response = client.post(FOLLOW_PAGE, {"email": "robot@example.org", "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == "/subscriptions/check-your-inbox/"
    assert not Subscriber.objects.exists()


@override_settings(RATELIMIT_ENABLE=True, SUBSCRIBE_RATE="3/m")
def test_a_client_posting_too_often_is_throttled(client, published_article):
    statuses = [client.post(FOLLOW_PAGE, {"email": f"r{i}@example.org"}).status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Subscriber.objects.count() == 3
    assert client.get(FOLLOW_PAGE).status_code == 200  # reading the page is not counted


def confirm_path_for(subscription):
    return f"/subscriptions/confirm/{tokens.confirmation_token(subscription)}/"


def test_fetching_the_confirmation_link_confirms_nothing(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    path = confirm_path_for(subscription)
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_confirmed and not subscription.subscriber.is_confirmed
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_an_expired_confirmation_link_says_so(client, published_article, monkeypatch):
    subscription = follow.follow("reader@example.org", article=published_article)
    path = confirm_path_for(subscription)
    later = datetime.datetime.now().timestamp() + tokens.CONFIRMATION_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr("time.time", lambda: later)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert b"This link has expired" in response.content
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_tampered_links_open_nothing(client, published_article):
    subscription = follow.follow("reader@example.org", article=published_article)
    good = tokens.confirmation_token(subscription)
    forged = signing.dumps(
        {"s": subscription.subscriber_id, "k": "guess", "f": subscription.pk}, salt=tokens.CONFIRM_SALT
    )
    other_salt = tokens.manage_token(subscription.subscriber)
    for token in [good[:-2] + "xx", forged, other_salt, "nonsense"]:
        assert client.post(f"/subscriptions/confirm/{token}/").status_code == 404
        assert client.get(f"/subscriptions/manage/{token + 'x'}/").status_code == 404
    assert client.post(f"/subscriptions/manage/{good}/", {"action": "delete"}).status_code == 404
    assert client.post(f"/subscriptions/manage/{good}/delete/").status_code == 404
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    assert Subscriber.objects.exists()


def test_the_manage_page_refuses_unknown_actions_and_others_follows(client, known_reader, published_article):
    other = follow.follow("other@example.org", article=published_article)
    path = f"/subscriptions/manage/{tokens.manage_token(known_reader)}/"
    assert client.post(path, {"action": "explode"}).status_code == 400
    assert client.post(path, {"action": "stop", "subscription": "x"}).status_code == 400
    client.post(path, {"action": "stop", "subscription": other.pk})
    assert Subscription.objects.filter(pk=other.pk).exists()


def test_unconfirmed_addresses_and_follows_are_deleted_after_7_days(known_reader, published_article, db):
    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(days=8)
    stale = follow.follow("stale@example.org", article=published_article)
    fresh = follow.follow("fresh@example.org", article=published_article)
    audience = published_article.relevant_for.first()
    stale_follow = follow.follow(
        "known@example.org", audience=audience
    )  # confirmed address, unconfirmed follow
    Subscriber.objects.filter(pk=stale.subscriber_id).update(created_at=old)
    Subscription.objects.filter(pk__in=[stale.pk, stale_follow.pk]).update(created_at=old)
    Subscription.objects.filter(pk=known_reader.subscriptions.first().pk).update(created_at=old)

    result = delete_unconfirmed_subscribers.call()

    assert result == {"addresses": 1, "follows": 2}  # the stale address's follow counts too
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "known@example.org",
        "fresh@example.org",
    }
    assert not Subscription.objects.filter(pk=stale_follow.pk).exists()
    assert Subscription.objects.filter(pk=fresh.pk).exists()
    assert known_reader.subscriptions.filter(confirmed_at__isnull=False).count() == 1


def test_the_cleanup_command_reports_what_it_deleted(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("delete_unconfirmed_subscribers", stdout=out)
    assert "Deleted 0 unconfirmed address(es)" in out.getvalue()
