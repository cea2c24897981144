"""The doctor-visit sheet of the example article, in Chromium: it prints on one page of
A4 and of US Letter, a phone prints it (or saves it as a PDF) with one tap, it works
without JavaScript, and axe finds nothing serious on it."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.screens import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_PATH = f"/articles/{demo.SLUG}/"
SHEET_PATH = f"{ARTICLE_PATH}visit-sheet/"


def pages_in(pdf):
    """The number of pages of a PDF Chromium printed: its page objects, which must agree
    with the count its page tree declares."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    declared = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    assert declared == [pages], (declared, pages)
    return pages


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_example_articles_sheet_prints_on_one_page(live_server, demo_content, page, paper):
    page.goto(live_server.url + SHEET_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    # With its ratings, under "At a glance".
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    expect(page.get_by_text("Strength of science:")).to_be_visible()
    assert pages_in(page.pdf(format=paper)) == 1
    # The same count says more than one page for the whole article printed.
    page.goto(live_server.url + f"{ARTICLE_PATH}print/")
    assert pages_in(page.pdf(format=paper)) > 1


def test_the_visit_sheet_has_a_print_button_that_opens_printing(live_server, demo_content, new_context):
    # window.print() opens the system print sheet on a phone (Chrome on Android, Safari
    # on iOS), which also saves a PDF; a headless browser shows none, so the test
    # records the call instead.
    context = new_context(**PHONE)
    context.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page = context.new_page()
    page.goto(live_server.url + SHEET_PATH)
    button = page.get_by_role("button", name="Print or save as PDF")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    # The keyboard hint is for browsers without the button.
    expect(page.get_by_text("Ctrl+P")).to_be_hidden()
    button.tap()
    assert page.evaluate("window.printed") == 1
    # Neither the button nor the way back is printed.
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("link", name="Back to the article")).to_be_hidden()


def test_a_reader_without_javascript_opens_the_sheet_and_ticks_questions(
    live_server, demo_content, new_context
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + ARTICLE_PATH)
    page.get_by_role("link", name="Take this to your doctor").click()
    expect(page).to_have_url(live_server.url + SHEET_PATH)
    # No button that could not work: the sheet says how to print instead.
    expect(page.get_by_role("button", name="Print or save as PDF")).to_have_count(0)
    expect(page.get_by_text("Ctrl+P")).to_be_visible()
    question = page.get_by_role("checkbox", name=demo.DOCTOR_QUESTIONS[2])
    question.check()
    expect(question).to_be_checked()
    expect(page.get_by_role("heading", name="Words used in this article")).to_be_visible()
    # The QR code is drawn, at a size a phone camera reads.
    box = page.locator("svg.visit-qr-code").bounding_box()
    assert box["width"] >= 100 and box["width"] == box["height"]


def test_the_sheet_has_no_accessibility_violations_on_screen_or_in_print(live_server, demo_content, page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import WCAG_AA

    page.goto(live_server.url + SHEET_PATH)
    for media in ["screen", "print"]:
        page.emulate_media(media=media)
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, (media, results.generate_report())
