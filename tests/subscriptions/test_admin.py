"""Editors' admin: only editors see addresses; exports need their own permission and
are recorded; notices show their counts and can be paused and resumed."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from subscriptions import follow, notices
from subscriptions.models import Delivery, Notice, Subscriber
from tests import factories


@pytest.fixture
def readers(published_article):
    for email in ["ann@example.org", "bob@example.org", "=cmd@example.org"]:
        follow.confirm(follow.follow(email))
    return Subscriber.objects.all()


@pytest.mark.parametrize("role_user", [factories.author, factories.reviewer])
def test_only_editors_see_subscriber_addresses(client, readers, role_user):
    client.force_login(role_user(username="someone"))
    assert client.get("/admin/subscriptions/subscriber/").status_code == 403
    assert client.get("/admin/subscriptions/delivery/").status_code == 403


def test_editors_list_and_search_subscribers(client, readers, editor):
    client.force_login(editor)
    page = client.get("/admin/subscriptions/subscriber/?q=ann").content.decode()
    assert "ann@example.org" in page and "bob@example.org" not in page


def export(client, queryset):
    return client.post(
        "/admin/subscriptions/subscriber/",
        {"action": "export_csv", "_selected_action": [s.pk for s in queryset]},
    )


def test_exporting_addresses_needs_the_permission_and_is_logged(client, readers, editor):
    client.force_login(editor)
    response = export(client, readers)
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "ann@example.org" in body and "bob@example.org" in body
    assert "'=cmd@example.org" in body  # not a spreadsheet formula
    entries = LogEntry.objects.filter(user=editor, change_message="Exported as CSV")
    assert entries.count() == 3

    staff = factories.UserFactory(username="staff-without-export")
    staff.user_permissions.add(*editor.groups.get().permissions.exclude(codename="export_subscriber"))
    client.force_login(staff)
    page = client.get("/admin/subscriptions/subscriber/").content.decode()
    assert "export_csv" not in page
    response = export(client, readers)
    assert not response["Content-Type"].startswith("text/csv")


def test_a_notice_shows_its_counts_and_can_be_paused_and_resumed(client, readers, published_article, editor):
    notice = notices.create_notice(published_article, published_article.live_version)
    Delivery.objects.filter(pk=notice.deliveries.first().pk).update(status=Delivery.Status.SENT)
    Delivery.objects.filter(pk=notice.deliveries.last().pk).update(status=Delivery.Status.SKIPPED)
    client.force_login(editor)
    page = client.get(f"/admin/subscriptions/notice/{notice.pk}/change/").content.decode()
    assert "1 queued, 1 sent, 0 failed, 1 skipped" in page

    client.post("/admin/subscriptions/notice/", {"action": "pause", "_selected_action": [notice.pk]})
    assert Notice.objects.get().is_paused
    client.post("/admin/subscriptions/notice/", {"action": "resume", "_selected_action": [notice.pk]})
    assert not Notice.objects.get().is_paused
    listing = client.get("/admin/subscriptions/notice/").content.decode()
    assert "Early spread of breast cancer" in listing


def test_editors_allow_mail_again_to_a_refused_address(client, readers, editor):
    Subscriber.objects.filter(email="ann@example.org").update(refused_at=timezone.now(), refusal="550 no")
    client.force_login(editor)
    client.post(
        "/admin/subscriptions/subscriber/",
        {"action": "clear_refusal", "_selected_action": [s.pk for s in readers]},
    )
    assert not Subscriber.objects.filter(refused_at__isnull=False).exists()
