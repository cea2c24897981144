"""The printer-friendly page of the example article, in Chromium: on screen it has
margins, a way back and a Print button; printed to PDF (Letter and A4) it is short,
without half-empty pages, prints each address once, and its notes are never larger
than its text. The PDFs are read with pypdf (tests/e2e/pdf.py)."""

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.pdf import how_full, printed_pages, text_of, without_spaces
from tests.e2e.screens import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_PATH = f"/articles/{demo.SLUG}/"
PRINT_PATH = f"{ARTICLE_PATH}print/"
MAX_PAGES = 4
# Records each call of window.print() instead of opening the print dialog, which a
# headless browser cannot show: the test checks that the button is wired to it.
RECORD_PRINT = "window.printed = 0; window.print = () => { window.printed += 1; };"


def print_page(live_server, page):
    page.goto(live_server.url + PRINT_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    return page


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_example_prints_on_at_most_four_pages_none_less_than_half_full_but_the_last(
    live_server, demo_content, page, paper
):
    pages = printed_pages(print_page(live_server, page).pdf(format=paper))
    assert 1 < len(pages) <= MAX_PAGES, len(pages)
    full = how_full(pages)
    assert all(part >= 0.5 for part in full[:-1]), [f"{part:.0%}" for part in full]


def test_each_reference_address_is_printed_once(live_server, demo_content, page):
    print_page(live_server, page)
    links = page.eval_on_selector_all(
        "article a[href^='http']", "links => links.map(a => a.getAttribute('href'))"
    )
    own_address = page.locator(".print-address").inner_text()
    references = page.locator("#references a[href^='http']")
    expect(references).not_to_have_count(0)
    text = text_of(printed_pages(page.pdf(format="Letter")))
    # The original article's address is in reference 1, and the header names it without
    # printing it again; every other link prints its address after its words.
    for address in {*links, own_address}:
        assert text.count(without_spaces(address)) == 1, address


def test_body_text_is_at_least_as_large_as_any_note(live_server, demo_content, page):
    print_page(live_server, page)
    page.emulate_media(media="print")
    # Every piece of visible text in the article but the headings and the summary (a lead,
    # meant to stand out), with the size of its letters; link addresses added for paper
    # (::after) too.
    sizes = page.evaluate(
        """() => {
            const size = (element, pseudo) => parseFloat(getComputedStyle(element, pseudo).fontSize);
            const found = [];
            const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const element = walker.currentNode.parentElement;
                if (!walker.currentNode.data.trim() || element.closest("h1, h2, h3, .summary")) continue;
                if (!element.checkVisibility()) continue;
                found.push([size(element), walker.currentNode.data.trim().slice(0, 50)]);
            }
            for (const link of document.querySelectorAll("article a")) {
                if (getComputedStyle(link, "::after").content !== "none") found.push([size(link, "::after"), link.href]);
            }
            return {body: size(document.querySelector(".prose p")), notes: found};
        }"""
    )
    body = sizes["body"]
    assert body >= 11 * 96 / 72, f"body text is {body} px"  # 11 pt
    larger = [(size, words) for size, words in sizes["notes"] if size > body + 0.01]
    assert not larger, (body, larger)
    # The ratings' reasons in particular: they once printed larger than the article.
    reason = page.locator(".rationale").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert reason <= body


def test_the_paper_holds_every_rating_with_its_reasons(live_server, demo_content, page):
    print_page(live_server, page)
    text = text_of(printed_pages(page.pdf(format="A4")))
    assert without_spaces("At a glance") in text
    for _scale, _level, reason, evidence in demo.RATINGS:
        assert without_spaces(reason) in text
        for item in filter(None, evidence.splitlines()):
            assert without_spaces(item) in text
    for heading in ["Questions to ask your doctor", "References", "Words used in this article"]:
        assert without_spaces(heading) in text
    # What is there only for the screen stays off the paper.
    assert "Backtothearticle" not in text
    assert "Ctrl+P" not in text


@pytest.mark.parametrize(
    "screen", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_the_print_page_has_margins_a_back_link_and_a_print_button_on_screen(
    live_server, demo_content, new_context, screen
):
    page = print_page(live_server, new_context(viewport=screen).new_page())
    back = page.get_by_role("link", name="Back to the article").first
    expect(back).to_be_visible()
    expect(back).to_have_attribute("href", ARTICLE_PATH)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    # The hint is for pages without the button.
    expect(page.get_by_text("use your browser’s Print command")).to_be_hidden()
    # The text keeps off the window's edges and, on a wide screen, to a readable width.
    article = page.locator("article").bounding_box()
    assert article["x"] >= 16 and article["x"] + article["width"] <= screen["width"] - 16, article
    assert article["width"] <= 800, article
    # Neither the link nor the button is on paper.
    page.emulate_media(media="print")
    expect(back).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()


def test_the_print_button_opens_printing(live_server, demo_content, new_context):
    context = new_context(**PHONE)
    context.add_init_script(RECORD_PRINT)
    page = print_page(live_server, context.new_page())
    page.get_by_role("button", name="Print").tap()
    assert page.evaluate("window.printed") == 1


def test_without_javascript_the_print_page_says_how_to_print_instead_of_showing_a_button(
    live_server, demo_content, new_context
):
    page = print_page(live_server, new_context(java_script_enabled=False).new_page())
    expect(page.get_by_role("button", name="Print")).to_have_count(0)
    expect(page.get_by_text("use your browser’s Print command")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the article").first).to_be_visible()
