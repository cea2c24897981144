"""A reader narrows the home page by two audiences and a type of entry with the keyboard
alone, on a wide screen and on a 390-pixel phone, and sees how many articles each choice
gives. Screenshots: facets-*.png (tests/e2e/screens.py) for a person to look at."""

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.articles import facet_shelf
from tests.articles.facet_shelf import BREAST, LUNG
from tests.e2e.screens import PHONE, keep_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# The shelf of articles and the frozen clock (tests/articles/facet_shelf.py).
shelf, today = facet_shelf.shelf, facet_shelf.today


def tab_to(page, selector, limit=120):
    """Press Tab until the element `selector` names has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose_with_the_keyboard(page):
    for selector in (f"#audience-filter-{BREAST}", f"#audience-filter-{LUNG}", "#type-filter-article_review"):
        tab_to(page, selector)
        page.keyboard.press("Space")
        expect(page.locator(selector)).to_be_checked()
    tab_to(page, ".filter button[type=submit]")
    page.keyboard.press("Enter")


def test_a_reader_chooses_two_audiences_and_a_type_with_the_keyboard(live_server, page, demo_content, shelf):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    # Each choice says in its label how many articles it gives.
    expect(page.locator(f"label[for=audience-filter-{LUNG}]")).to_have_text("people with lung cancer (2)")
    expect(page.locator("label[for=type-filter-update]")).to_have_text("Update (1)")
    choose_with_the_keyboard(page)
    page.wait_for_url(f"**/?audience={BREAST}&audience={LUNG}&audiences=any&type=article_review*")
    expect(page.locator(".card-title")).to_have_text(["Mouse study", "Approved drug", demo.TITLE])
    expect(page.locator("label[for=type-filter-study_review]")).to_have_text("Study review (4)")
    expect(page.locator(".filter-summary")).to_contain_text(
        "Showing only: Relevant for any of: people with breast cancer, people with lung cancer; Article review."
    )
    expect(page.locator(f"#audience-filter-{BREAST}")).to_be_checked()
    keep_screenshot(page, "facets-wide", full_page=True)
    # Each value in use can be removed on its own.
    page.get_by_role("link", name="Remove “Type of entry: Article review”").click()
    expect(page.locator(".card-title")).to_have_count(5)


def test_on_a_phone_the_filters_fold_and_work_with_the_keyboard(
    live_server, new_context, demo_content, shelf
):
    phone = new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/")
    expect(phone.locator(f"#audience-filter-{BREAST}")).to_be_hidden()
    tab_to(phone, ".filter-box > summary")
    phone.keyboard.press("Enter")
    expect(phone.locator(f"#audience-filter-{BREAST}")).to_be_visible()
    choose_with_the_keyboard(phone)
    expect(phone.locator(".card-title")).to_have_text(["Mouse study", "Approved drug", demo.TITLE])
    expect(phone.locator(".filter-box > summary")).to_have_text("Filter articles (3 active)")
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    keep_screenshot(phone, "facets-phone", full_page=True)
