"""A reader on a phone taps "Follow by RSS" at the foot of an article, learns what a
feed is and copies its address, with JavaScript and without."""

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.screens import PHONE, keep_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "http://127.0.0.1:8000/feeds/articles/"


def scrolls_sideways(page):
    return page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_a_reader_follows_the_footer_link_and_copies_the_feed_address(live_server, demo_content, new_context):
    context = new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/articles/{demo.SLUG}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Follow by RSS").tap()
    expect(page).to_have_url(f"{live_server.url}/feeds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow XRAYS by RSS")
    keep_screenshot(page, "share-feeds-390", full_page=True)
    assert not scrolls_sideways(page)

    copy = page.get_by_role("button", name="Copy address").first
    box = copy.bounding_box()
    assert box["height"] >= 44
    copy.tap()
    expect(page.get_by_role("status")).to_have_text(f"Copied: {FEED}")
    assert page.evaluate("() => navigator.clipboard.readText()") == FEED

    page.set_viewport_size({"width": 320, "height": 640})
    assert not scrolls_sideways(page)


def test_without_javascript_the_addresses_are_there_to_copy_by_hand(live_server, new_context):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(f"{live_server.url}/feeds/")
    expect(page.get_by_text(FEED, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Copy address")).to_have_count(0)
    expect(page.get_by_role("link", name="Follow all new articles")).to_be_visible()
