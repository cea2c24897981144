"""A reader opens the review history from the example article, in a real browser: the
changes of an update read as "Before:" / "Now:" with the words marked, without
JavaScript, at 320 pixels wide, and with no accessibility violation."""

import pytest

from articles import demo
from tests.e2e.public_pages import english_updated_since_translated, url
from tests.e2e.screens import PHONE, keep_screenshot
from tests.e2e.test_accessibility import WCAG_AA, described
from tests.e2e.test_reflow import overflowing

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_follows_the_article_to_its_review_history_and_reads_what_changed(
    live_server, new_context, demo_content
):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    english_updated_since_translated(url("articles:detail", demo.SLUG))()
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(live_server.url + f"/articles/{demo.SLUG}/")
    page.get_by_role("link", name="Review history: how this review has changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How this review has changed")
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    expect(page.locator(".history-summary").first).to_contain_text("Added the larger study.")
    change = page.locator(".history-change").first
    expect(change).to_contain_text("Added:")
    expect(change.locator("ins").first).to_contain_text("A larger study has since reported the same.")
    keep_screenshot(page, "review-history-phone", full_page=True)

    # axe runs as a script: in a page of its own, with JavaScript.
    checked = new_context(**PHONE).new_page()
    checked.goto(page.url)
    violations = Axe().run(checked, options=WCAG_AA).response["violations"]
    assert not violations, described(violations)

    narrow = new_context(viewport={"width": 320, "height": 640}).new_page()
    for media in ["screen", "print"]:
        narrow.emulate_media(media=media)
        narrow.goto(page.url)
        result = overflowing(narrow)
        assert result["scrollWidth"] <= 320, (media, result)
