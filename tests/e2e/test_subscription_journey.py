"""A reader, in Chromium, follows the example article, confirms from the email's link,
and later stops everything from the manage page."""

import pytest
from django.test import override_settings

from articles import demo
from subscriptions.models import Subscription
from tests.subscriptions.conftest import run_worker
from tests.subscriptions.smtp import SMTPServer, link_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(live_server):
    server = SMTPServer()
    server.start()
    with override_settings(MAILERS=server.mailers, SITE_URL=live_server.url):
        yield server.inbox
    server.stop()


def test_follow_confirm_from_the_email_then_stop_everything(live_server, page, demo_content, inbox):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/articles/{demo.SLUG}/")
    page.get_by_role("link", name="Get notified of page updates").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Get emails about updates to")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Send me the confirmation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    run_worker()
    (confirmation,) = inbox.to("reader@example.org")
    page.goto(link_in(confirmation, "/subscriptions/confirm/"))
    assert not Subscription.objects.get().is_confirmed  # opening the link confirmed nothing
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your emails from XRAYS")
    expect(page.locator(".follows")).to_contain_text(demo.TITLE)
    assert Subscription.objects.get().is_confirmed

    page.goto(link_in(confirmation, "/subscriptions/manage/"))
    page.get_by_role("button", name="Stop everything").click()
    expect(page.get_by_role("status")).to_contain_text("You no longer follow anything")
    expect(page.locator(".follows")).to_have_count(0)
    assert not Subscription.objects.exists()
