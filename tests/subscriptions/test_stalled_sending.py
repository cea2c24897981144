"""Sending that has stopped or fails is seen: the notices admin lists what needs
attention and why, and `/healthz/sending` tells a monitor the queue has stalled,
cheaply, and without giving anonymous callers any numbers."""

import datetime

import pytest
from django.utils import timezone

from subscriptions import follow, notices
from subscriptions.models import STALLED_AFTER, Delivery, Notice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(published_article):
    for i in range(4):
        follow.confirm(follow.follow(f"reader{i}@example.org"))
    return notices.create_notice(published_article, published_article.live_version)


def queued_long_ago(notice, minutes=25):
    Delivery.objects.filter(notice=notice).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def sent(delivery, minutes_ago):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def notice_page(client, notice):
    return client.get(f"/admin/subscriptions/notice/{notice.pk}/change/").content.decode()


def needing_attention(client):
    return client.get("/admin/subscriptions/notice/?attention=yes").content.decode()


def test_a_notice_that_stopped_sending_ten_minutes_ago_is_listed_as_needing_attention(client, notice, editor):
    client.force_login(editor)
    queued_long_ago(notice)
    sent(notice.deliveries.first(), minutes_ago=15)

    listing = needing_attention(client)
    assert "Early spread of breast cancer" in listing
    assert "Stalled: 3 waiting, nothing sent since" in listing
    assert "Stalled: 3 waiting" in notice_page(client, notice)


def test_a_notice_still_sending_or_paused_or_not_yet_late_does_not_need_attention(client, notice, editor):
    client.force_login(editor)
    assert "Early spread of breast cancer" not in needing_attention(client)  # just queued

    queued_long_ago(notice)
    sent(notice.deliveries.first(), minutes_ago=1)  # a long fan-out, still going
    assert "Early spread of breast cancer" not in needing_attention(client)

    sent(notice.deliveries.first(), minutes_ago=30)
    notices.pause(Notice.objects.all())  # stopped on purpose
    assert "Early spread of breast cancer" not in needing_attention(client)


def test_failures_show_in_the_list_and_their_reasons_are_grouped_on_the_notice_page(client, notice, editor):
    client.force_login(editor)
    first, second, third, fourth = notice.deliveries.order_by("pk")
    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(
        status=Delivery.Status.FAILED, error="550 5.1.1 Mailbox <unknown> does not exist"
    )
    Delivery.objects.filter(pk=third.pk).update(
        attempts=2,
        error="421 Try again later",
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=2),
    )

    listing = needing_attention(client)
    assert "2 failed; 1 being retried" in listing

    page = notice_page(client, notice)
    assert "<li>2 × 550 5.1.1 Mailbox &lt;unknown&gt; does not exist</li>" in page
    assert "<li>1 × 421 Try again later</li>" in page
    assert page.index("2 × 550") < page.index("1 × 421")  # the most frequent first


def test_a_stalled_notice_can_be_paused_from_the_needs_attention_list(client, notice, editor):
    client.force_login(editor)
    queued_long_ago(notice)
    client.post(
        "/admin/subscriptions/notice/?attention=yes", {"action": "pause", "_selected_action": [notice.pk]}
    )
    assert Notice.objects.get().is_paused


def test_the_sending_check_says_ok_in_one_query_while_nothing_is_late(
    client, notice, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz/sending")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_fan_out_still_going_is_not_stalled(client, notice, django_assert_num_queries):
    queued_long_ago(notice)
    sent(notice.deliveries.first(), minutes_ago=1)
    with django_assert_num_queries(2):
        response = client.get("/healthz/sending")
    assert response.json() == {"status": "ok"}


def test_the_sending_check_says_stalled_without_numbers_to_anonymous_callers(
    client, notice, django_assert_num_queries
):
    queued_long_ago(notice)
    sent(notice.deliveries.first(), minutes_ago=15)
    with django_assert_num_queries(2):
        response = client.get("/healthz/sending")
    assert response.status_code == 503
    assert response.json() == {"status": "stalled"}


def test_staff_who_see_notices_get_the_numbers_of_a_stalled_queue(client, notice, editor):
    queued_long_ago(notice, minutes=25)
    sent(notice.deliveries.first(), minutes_ago=15)
    client.force_login(editor)
    response = client.get("/healthz/sending")
    assert response.status_code == 503
    assert response.json() == {
        "status": "stalled",
        "due": 3,
        "oldest_due_minutes": 25,
        "last_sent_minutes": 15,
        "stalled_after_minutes": STALLED_AFTER.seconds // 60,
    }

    client.force_login(factories.author(username="author"))  # staff, but not of the notices
    assert client.get("/healthz/sending").json() == {"status": "stalled"}


def test_a_paused_notice_does_not_make_the_queue_stalled(client, notice):
    queued_long_ago(notice)
    notices.pause(Notice.objects.all())
    assert client.get("/healthz/sending").json() == {"status": "ok"}


def test_an_unknown_check_is_not_found_and_healthz_itself_stays_one_query(client, django_assert_num_queries):
    assert client.get("/healthz/nothing").status_code == 404
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200
