"""A reader, in Chromium, follows the example article, confirms from the email's link,
and later stops everything from the manage page; on a phone (390x844, touch) every
screen of the journey says what happened, and its controls are big enough to tap.

Screenshots of the phone journey: follow-*.png (tests/e2e/screens.py)."""

import datetime

import pytest
from django.test import override_settings

from articles import demo
from subscriptions.models import Subscriber, Subscription
from tests.e2e.screens import PHONE, keep_screenshot
from tests.subscriptions.conftest import run_worker
from tests.subscriptions.smtp import SMTPServer, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

ROW_MIN = 44  # a whole choice row, and a button (WCAG 2.5.5)
BOX_MIN = 24  # a radio or a checkbox (WCAG 2.5.8)


@pytest.fixture
def inbox(live_server):
    server = SMTPServer()
    server.start()
    with override_settings(MAILERS=server.mailers, SITE_URL=live_server.url):
        yield server.inbox
    server.stop()


def shot(page, name):
    keep_screenshot(page, f"follow-{name}", full_page=True)


def box(locator):
    return locator.bounding_box()


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

    expect(page.get_by_role("heading", level=1)).to_have_text(f"You're now following “{demo.TITLE}”")
    assert Subscription.objects.get().is_confirmed
    page.get_by_role("link", name="your emails from XRAYS").click()
    expect(page.locator(".follows")).to_contain_text(demo.TITLE)

    page.get_by_role("button", name="Stop everything").click()
    expect(page.get_by_role("status")).to_contain_text("You no longer follow anything")
    expect(page.locator(".follows")).to_have_count(0)
    assert not Subscription.objects.exists()


def test_on_a_phone_each_follow_screen_says_what_happened_and_is_easy_to_tap(
    live_server, new_context, demo_content, inbox, settings
):
    from playwright.sync_api import expect

    # Two follows within seconds, as if the 10 minutes between confirmations had passed.
    settings.CONFIRMATION_EMAIL_INTERVAL = datetime.timedelta(0)
    page = new_context(**PHONE).new_page()
    base = live_server.url

    # Following all of XRAYS: the weekly/each choice is two big rows.
    page.goto(f"{base}/subscriptions/follow/")
    for radio in page.get_by_role("radio").all():
        radio_box, row = box(radio), box(radio.locator("xpath=ancestor::label[1]"))
        assert radio_box["width"] >= BOX_MIN and radio_box["height"] >= BOX_MIN, radio_box
        assert row["height"] >= ROW_MIN and row["width"] > 300, row
    button = page.get_by_role("button", name="Send me the confirmation link")
    assert box(button)["height"] >= ROW_MIN
    # Tapping the words of a row chooses it.
    page.get_by_text("A weekly digest").tap()
    expect(page.get_by_label("A weekly digest")).to_be_checked()
    page.get_by_label("Your email address").fill("reader@exmaple.org")
    shot(page, "1-form")
    button.tap()

    # A typo shows, and can be fixed without typing the rest again.
    expect(page.get_by_role("status")).to_contain_text("We have sent a link to reader@exmaple.org")
    expect(page.get_by_role("link", name="Back to XRAYS home")).to_be_visible()
    shot(page, "2-check-inbox")
    page.get_by_role("link", name="Change it").tap()
    expect(page.get_by_label("Your email address")).to_have_value("reader@exmaple.org")
    expect(page.get_by_label("A weekly digest")).to_be_checked()
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Send me the confirmation link").tap()
    expect(page.get_by_role("status")).to_contain_text("We have sent a link to reader@example.org")

    # The article too, from its page; check-your-inbox leads back to it.
    page.goto(f"{base}/subscriptions/follow/article/{demo.SLUG}/")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Send me the confirmation link").tap()
    page.get_by_role("link", name="Back to the article").tap()
    expect(page).to_have_url(f"{base}/articles/{demo.SLUG}/")

    run_worker()
    confirmations = inbox.to("reader@example.org")
    article_email = next(m for m in confirmations if demo.TITLE in text_of(m))
    page.goto(link_in(article_email, "/subscriptions/confirm/"))
    confirm = page.get_by_role("button", name="Confirm")
    assert box(confirm)["height"] >= ROW_MIN
    confirm.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You're now following “{demo.TITLE}”")
    expect(page.get_by_text("when this article is updated after review")).to_be_visible()
    shot(page, "3-now-following")

    # Stopping one follow says which.
    page.get_by_role("link", name="your emails from XRAYS").tap()
    page.get_by_role("button", name=f"Stop emails about the article “{demo.TITLE}”").tap()
    expect(page.get_by_role("status")).to_contain_text(f"you'll no longer get emails about “{demo.TITLE}”")
    expect(page.get_by_role("link", name="Follow it again")).to_be_visible()
    shot(page, "4-stopped")

    # Deleting asks first, and "Keep" keeps.
    delete = page.get_by_role("link", name="Delete my address…")
    stop_all = page.get_by_role("button", name="Stop everything")
    assert box(delete)["height"] >= ROW_MIN
    colours = "el => getComputedStyle(el).backgroundColor + ' ' + getComputedStyle(el).color"
    assert delete.evaluate(colours) != stop_all.evaluate(colours)  # it does not look like Stop
    delete.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your address and your follow?")
    shot(page, "5-delete-question")
    reader = Subscriber.objects.filter(email="reader@example.org")
    assert reader.exists()
    page.get_by_role("link", name="Keep my address").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your emails from XRAYS")
    page.get_by_role("link", name="Delete my address…").tap()
    page.get_by_role("button", name="Delete my address").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your address is deleted")
    shot(page, "6-deleted")
    assert not reader.exists() and not Subscription.objects.filter(subscriber__email="reader@example.org")
