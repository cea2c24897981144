"""Glossary words explain themselves in place, in a real Chromium.

On a phone a tap on a word opens its definition under (or above) the word, inside the
screen, without leaving the article, with a link to the glossary entry one tap further.
With a keyboard, focus shows the definition and Enter opens it. The pop-up meets WCAG
1.4.13: it appears on hover and focus, stays while the pointer is over it (hoverable),
stays until dismissed (persistent), and Escape or a tap outside dismisses it. Without
JavaScript the word is the plain link to the glossary it always was."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from glossary.demo import GLOSSARY
from tests.e2e.screens import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_PATH = f"/articles/{demo.SLUG}/"
PRIMARY_TUMOR = next(t for t in GLOSSARY if t["name"] == "primary tumor")
MAX_TABS = 60


@pytest.fixture
def phone(live_server, new_context, demo_content):
    """The example article on a 390 x 844 touch screen."""
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + ARTICLE_PATH)
    return page


def term(page, word="primary tumor"):
    return (
        page.locator(".term").filter(has=page.locator(".term-link", has_text=re.compile(rf"^{word}$"))).first
    )


def box_of(locator):
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def assert_inside_the_screen(page, locator):
    box = box_of(locator)
    width, height = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.clientHeight]"
    )
    assert box["left"] >= 0 and box["top"] >= 0, box
    assert box["right"] <= width and box["bottom"] <= height, (box, width, height)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_tap_on_a_glossary_word_shows_its_meaning_without_leaving_the_article(live_server, phone):
    primary_tumor = term(phone)
    definition = primary_tumor.locator(".term-definition")
    expect(definition).to_be_hidden()

    primary_tumor.locator(".term-link").tap()

    expect(definition).to_be_visible()
    expect(definition).to_contain_text(PRIMARY_TUMOR["definition"])
    expect(definition.get_by_role("link", name="Open in the glossary")).to_be_visible()
    assert phone.url == live_server.url + ARTICLE_PATH
    assert_inside_the_screen(phone, definition)


def test_a_word_near_the_bottom_of_the_screen_opens_its_meaning_above_it(phone):
    primary_tumor = term(phone)
    word = primary_tumor.locator(".term-link")
    # Scroll so that the word sits just above the bottom edge of the screen.
    word.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 12)")
    assert box_of(word)["bottom"] > 800

    word.tap()

    definition = primary_tumor.locator(".term-definition")
    expect(definition).to_be_visible()
    assert_inside_the_screen(phone, definition)
    assert box_of(definition)["bottom"] <= box_of(word)["top"] + 1


def test_a_tap_outside_the_pop_up_closes_it(phone):
    primary_tumor = term(phone)
    definition = primary_tumor.locator(".term-definition")
    primary_tumor.locator(".term-link").tap()
    expect(definition).to_be_visible()

    definition.tap()  # a tap on the pop-up itself keeps it open
    expect(definition).to_be_visible()

    phone.get_by_role("heading", level=1).tap()
    expect(definition).to_be_hidden()


def test_a_second_tap_on_the_word_closes_its_pop_up(phone):
    word = term(phone).locator(".term-link")
    word.tap()
    expect(word).to_have_attribute("aria-expanded", "true")
    word.tap()
    expect(word).to_have_attribute("aria-expanded", "false")
    expect(term(phone).locator(".term-definition")).to_be_hidden()


def test_escape_closes_the_pop_up_and_gives_the_focus_back_to_the_word(phone):
    primary_tumor = term(phone)
    word = primary_tumor.locator(".term-link")
    definition = primary_tumor.locator(".term-definition")
    word.tap()
    more = definition.get_by_role("link", name="Open in the glossary")
    more.focus()

    phone.keyboard.press("Escape")

    expect(definition).to_be_hidden()
    expect(word).to_be_focused()
    assert phone.url.endswith(ARTICLE_PATH)


def test_open_in_the_glossary_goes_to_the_words_entry(live_server, phone):
    primary_tumor = term(phone)
    primary_tumor.locator(".term-link").tap()
    primary_tumor.get_by_role("link", name="Open in the glossary").tap()

    expect(phone).to_have_url(live_server.url + "/glossary/#primary-tumor")
    entry = phone.locator("[id='primary-tumor']")
    expect(entry).to_be_in_viewport()
    expect(entry.locator("dd")).to_have_text(PRIMARY_TUMOR["definition"])


def test_a_screen_reader_hears_a_button_that_opens_the_definition(phone):
    primary_tumor = term(phone)
    word = primary_tumor.get_by_role("button", name="primary tumor")
    expect(word).to_have_attribute("aria-expanded", "false")
    expect(word).to_have_accessible_description(f"primary tumor: {PRIMARY_TUMOR['definition']}")
    controlled = phone.locator(f"[id='{word.get_attribute('aria-controls')}']")

    word.tap()

    expect(word).to_have_attribute("aria-expanded", "true")
    expect(controlled).to_be_visible()
    expect(controlled.get_by_role("link", name="Open in the glossary")).to_be_visible()


def test_the_opened_pop_up_has_no_accessibility_violations_on_a_phone(phone):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import WCAG_AA

    term(phone).locator(".term-link").tap()
    expect(term(phone).locator(".term-definition")).to_be_visible()
    results = Axe().run(phone, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_focus_shows_the_definition_and_enter_opens_it_in_place(live_server, page, demo_content):
    page.goto(live_server.url + ARTICLE_PATH)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('term-link')"):
            break
    else:
        pytest.fail(f"no glossary word took the focus in {MAX_TABS} presses of Tab")
    box_id = page.evaluate("document.activeElement.getAttribute('aria-controls')")
    word = page.locator(f".term-link[aria-controls='{box_id}']")
    definition = page.locator(f"[id='{box_id}']")
    expect(definition).to_be_visible()  # focus alone shows the definition
    expect(word).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")  # opens in place, does not follow the link
    expect(word).to_have_attribute("aria-expanded", "true")
    assert page.url == live_server.url + ARTICLE_PATH
    page.keyboard.press("Tab")
    more = definition.get_by_role("link", name="Open in the glossary")
    expect(more).to_be_focused()

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter again closes it
    expect(word).to_have_attribute("aria-expanded", "false")
    expect(more).to_be_hidden()


def test_a_click_opens_the_definition_in_place_and_ctrl_click_still_opens_the_glossary(
    live_server, page, demo_content
):
    page.goto(live_server.url + ARTICLE_PATH)
    primary_tumor = term(page)
    word = primary_tumor.locator(".term-link")
    word.click()
    expect(primary_tumor.get_by_role("link", name="Open in the glossary")).to_be_visible()
    assert page.url == live_server.url + ARTICLE_PATH

    with page.context.expect_page() as new_tab:
        word.click(modifiers=["ControlOrMeta"])
    expect(new_tab.value).to_have_url(live_server.url + "/glossary/#primary-tumor")


def test_pop_up_is_hoverable_persistent_and_dismissible(live_server, page, demo_content):
    page.goto(live_server.url + ARTICLE_PATH)
    term = page.locator(".term").first
    link = term.locator(".term-link")
    definition = term.locator(".term-definition")
    expect(definition).to_be_hidden()

    link.hover()
    expect(definition).to_be_visible()
    definition.hover()  # moving onto the pop-up keeps it open
    page.wait_for_timeout(300)
    expect(definition).to_be_visible()

    page.keyboard.press("Escape")
    expect(definition).to_be_hidden()

    page.mouse.move(0, 0)
    link.hover()
    expect(definition).to_be_visible()
    page.mouse.move(0, 0)  # leaving both the word and the pop-up closes it
    expect(definition).to_be_hidden()


def test_without_javascript_a_tap_on_a_word_goes_to_its_glossary_entry(
    live_server, new_context, demo_content
):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(live_server.url + ARTICLE_PATH)
    word = page.get_by_role("link", name="primary tumor", exact=True).first
    expect(word).to_be_visible()  # still in the text, still a link
    word.tap()
    expect(page).to_have_url(live_server.url + "/glossary/#primary-tumor")
