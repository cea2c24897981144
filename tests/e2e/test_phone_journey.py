"""A patient on a phone in a waiting room (issue 18): Chromium's mobile emulation at
390x844 with touch, one journey from the home page to following an article, checking
on the way the numbers the issue names: the header at most 120 px tall, the first
article on the first screen, the article's first paragraph on the first screen, a
glossary word explained in place.

Run with -s to see the measurements."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.public_pages import AUDIENCE
from tests.e2e.screens import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN_HEIGHT = PHONE["viewport"]["height"]
HEADER_LIMIT = 120
ADDRESS = "reader@example.org"


def top(locator) -> float:
    """How far down the page the element starts, in CSS pixels."""
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


class Measures:
    """What the journey measured, printed at the end (and on failure) for the issue's
    closing note."""

    def __init__(self):
        self.lines = []

    def header(self, page, where: str) -> float:
        height = page.get_by_role("banner").bounding_box()["height"]
        self.note(f"header on {where}", height)
        return height

    def note(self, what: str, pixels: float) -> None:
        self.lines.append(f"{what}: {pixels:.0f} px")
        print(f"[phone 390x844] {what}: {pixels:.0f} px")


def test_a_reader_on_a_phone_finds_reads_looks_up_a_word_searches_and_follows_an_article(
    live_server, new_context, demo_content
):
    page = new_context(**PHONE).new_page()
    measured = Measures()

    # Home: a compact header, and an article on the first screen.
    page.goto(live_server.url + "/")
    assert measured.header(page, "home") <= HEADER_LIMIT, measured.lines
    first_card = page.locator("main .card").first
    card_top = top(first_card)
    measured.note("home, first article card top", card_top)
    assert card_top < SCREEN_HEIGHT, f"the first article starts below the first screen: {measured.lines}"

    # The article: title, summary and the start of the article on the first screen.
    first_card.get_by_role("link", name=demo.TITLE).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    article_url = page.url
    assert measured.header(page, "article") <= HEADER_LIMIT, measured.lines
    measured.note("article, title top", top(page.get_by_role("heading", level=1)))
    measured.note("article, summary top", top(page.locator(".article-header .summary")))
    first_paragraph = page.locator(".article-section .prose p").first
    paragraph_top = top(first_paragraph)
    measured.note("article, first paragraph top", paragraph_top)
    assert paragraph_top < SCREEN_HEIGHT, (
        f"the article's first paragraph is not on the first screen: {measured.lines}"
    )

    # A glossary word explains itself in place: its meaning shows, the reader stays.
    word = page.locator(".term", has=page.locator(".term-link", has_text="primary tumor")).first
    word.locator(".term-link").tap()
    definition = word.locator(".term-definition")
    expect(definition).to_be_visible()
    assert page.url == article_url, f"tapping a glossary word left the article for {page.url}"
    box = definition.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"], box
    page.keyboard.press("Escape")
    expect(definition).to_be_hidden()

    # "At a glance" opens to the ratings and their reasons.
    glance = page.locator("#at-a-glance")
    glance.locator("summary").tap()
    expect(glance.locator(".rationale").first).to_be_visible()

    # Search: from the header, in British spelling, then narrowed to one audience.
    banner = page.get_by_role("banner")
    banner.get_by_role("button", name="Search", exact=True).or_(
        banner.get_by_role("link", name="Search", exact=True)
    ).first.tap()
    words = page.get_by_role("searchbox").first
    words.fill("tumour")
    words.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=tumour"))
    assert measured.header(page, "search") <= HEADER_LIMIT, measured.lines
    search = page.get_by_role("search")
    filters = search.locator("details")
    if filters.count() and not filters.first.evaluate("details => details.open"):
        filters.first.locator("summary").tap()
    search.locator(f"#audience-filter-{AUDIENCE}").check()
    search.locator("button[type=submit]").last.tap()
    expect(page).to_have_url(re.compile(rf"audience={AUDIENCE}"))
    expect(page).to_have_url(re.compile(r"q=tumour"))
    result = page.locator("main .card").get_by_role("link", name=demo.TITLE)
    expect(result).to_be_visible()

    # Follow the article; "Check your inbox" repeats the address, so a typo shows.
    result.tap()
    page.get_by_role("link", name="Get notified of page updates").tap()
    page.get_by_label("Your email address").fill(ADDRESS)
    page.get_by_role("button", name="Send me the confirmation link").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("main")).to_contain_text(ADDRESS)
    assert measured.header(page, "check your inbox") <= HEADER_LIMIT, measured.lines
