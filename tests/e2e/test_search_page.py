"""Searching on a phone (issue 18): one search box, the audience, type and rating
filters beside it, a patient's spelling ("tumour") finding the example, and a search the
filters empty saying which filter to clear. Screenshots: search-*.png (tests/e2e/screens.py)
for a person to look at."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.screens import PHONE, keep_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

AUDIENCE = "people-with-breast-cancer"


@pytest.fixture
def phone(new_context, demo_content):
    return new_context(**PHONE).new_page()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def box(locator):
    found = locator.bounding_box()
    assert found, f"{locator} is not shown"
    return found


def shoot(page, name):
    keep_screenshot(page, f"search-{name}", full_page=True)


def test_a_reader_on_a_phone_searches_with_a_british_spelling_and_filters(live_server, phone):
    query = urlencode(
        {"q": "tumour", "audience": AUDIENCE, "type": "article_review", "rating": "timeline:pre-clinical"}
    )
    phone.goto(f"{live_server.url}/search/?{query}")
    # One search box: the header's is not on this page.
    expect(phone.locator('input[type="search"]')).to_have_count(1)
    expect(phone.locator("#search-q")).to_have_value("tumour")
    # The filters fold into one line that counts them, so the results start on the
    # first screen; a line says which they are, and the form keeps them.
    expect(phone.locator(".search-filter-box summary")).to_have_text("Filters (3 active)")
    expect(phone.locator(".filter-summary")).to_have_text(
        "Showing only: Relevant for people with breast cancer; Type of entry: Article review;"
        " Research timeline: Pre-clinical."
    )
    assert box(phone.locator(".card-title"))["y"] < 844
    expect(phone.locator(f"#audience-filter-{AUDIENCE}")).to_be_checked()
    expect(phone.locator("#type-filter-article_review")).to_be_checked()
    expect(phone.locator(".card-title")).to_have_text([demo.TITLE])
    expect(phone.locator(".snippet mark").first).to_have_text("tumor")
    assert no_sideways_scroll(phone)
    assert "{#" not in phone.locator("main").inner_text()
    shoot(phone, "filters")


def test_a_reader_whose_filters_leave_nothing_clears_one_and_finds_the_article(live_server, phone):
    query = urlencode({"q": "tumour", "type": "study_review", "rating": "timeline:pre-clinical"})
    phone.goto(f"{live_server.url}/search/?{query}")
    message = phone.locator(".no-results")
    expect(message).to_contain_text("No article matches “tumour” with these filters")
    expect(message).to_contain_text("Without the filters, 1 article matches “tumour”")
    assert no_sideways_scroll(phone)
    shoot(phone, "no-results")
    message.get_by_role("link", name="Clear “Type of entry: Study review”").click()
    expect(phone.locator(".card-title")).to_have_text([demo.TITLE])
    expect(phone.locator("#rating-filter-timeline")).to_have_value("timeline:pre-clinical")


def test_the_search_filters_fold_on_a_phone_until_a_reader_opens_them(live_server, phone):
    phone.goto(f"{live_server.url}/search/?q=metastasis")
    filters = phone.locator(".search-filter-box")
    expect(phone.locator(f"#audience-filter-{AUDIENCE}")).to_be_hidden()
    filters.locator("summary").click()
    expect(phone.locator(f"#audience-filter-{AUDIENCE}")).to_be_visible()
    phone.locator(f"#audience-filter-{AUDIENCE}").check()
    phone.get_by_role("button", name="Show results").click()
    expect(phone.locator(".card-title")).to_have_text([demo.TITLE])
    assert f"audience={AUDIENCE}" in phone.url and "q=metastasis" in phone.url
    shoot(phone, "first-screen")
