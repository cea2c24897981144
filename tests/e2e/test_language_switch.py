"""A reader moves between the English article and its Spanish translation with the
language switcher, on a phone and with the keyboard alone, in Chromium; axe finds
nothing wrong on the Spanish article, its printer-friendly page and its visit sheet.

The example article and its Spanish translation, as load_demo makes them
(articles/demo.py, articles/demo_es.py: started and published through the editorial
workflow as editors do)."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo, demo_es
from tests.e2e.public_pages import UNTRANSLATED_SLUG, english_updated_since_translated, untranslated
from tests.e2e.screens import DESKTOP, PHONE, keep_screenshot
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.django_db(transaction=True)

ENGLISH_ADDRESS = f"/articles/{demo.SLUG}/"
SPANISH_ADDRESS = f"/es/articles/{demo_es.SLUG}/"


def switcher(page, name):
    """The language switcher: a navigation landmark ("Language", "Idioma")."""
    return page.get_by_role("navigation", name=name)


def english_title():
    from articles.models import Article

    return Article.objects.get(slug=demo.SLUG).live_version.title


def test_a_reader_on_a_phone_switches_to_spanish_and_back(live_server, new_context, demo_content):
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + ENGLISH_ADDRESS)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    spanish = switcher(page, "Language").get_by_role("link", name="Español")
    expect(spanish).to_be_visible()
    spanish.tap()
    expect(page).to_have_url(live_server.url + SPANISH_ADDRESS)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_es.TITLE)
    keep_screenshot(page, "language-switch-phone-spanish")

    english = switcher(page, "Idioma").get_by_role("link", name="English")
    expect(english).to_be_visible()
    english.tap()
    expect(page).to_have_url(live_server.url + ENGLISH_ADDRESS)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(english_title())


def press_tab_until(page, link, limit=60):
    """Tab through the page until `link` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"the keyboard never reached {link}")


def test_a_keyboard_user_switches_to_spanish_and_back(live_server, new_context, demo_content):
    page = new_context(**DESKTOP).new_page()
    page.goto(live_server.url + ENGLISH_ADDRESS)

    spanish = switcher(page, "Language").get_by_role("link", name="Español")
    press_tab_until(page, spanish)
    # A keyboard user sees where the focus is.
    outline = spanish.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none", "the focused language link shows no focus outline"
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + SPANISH_ADDRESS)
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_es.TITLE)

    english = switcher(page, "Idioma").get_by_role("link", name="English")
    press_tab_until(page, english)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + ENGLISH_ADDRESS)


def test_an_article_not_yet_translated_opens_in_english_in_the_spanish_interface(
    live_server, new_context, demo_content
):
    english_address = untranslated(lambda: f"/articles/{UNTRANSLATED_SLUG}/")()
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + english_address)
    switcher(page, "Language").get_by_role("link", name="Español").tap()
    expect(page).to_have_url(live_server.url + f"/es/articles/{UNTRANSLATED_SLUG}/")
    notice = page.get_by_role("note").filter(has_text="todavía no está traducido")
    expect(notice).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    keep_screenshot(page, "language-switch-phone-untranslated")


def test_the_spanish_page_links_to_the_english_one_when_the_english_was_updated(
    live_server, new_context, demo_content
):
    address = english_updated_since_translated(lambda: SPANISH_ADDRESS)()
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + address)
    notice = page.get_by_role("note").filter(has_text="esta traducción se está revisando")
    expect(notice).to_be_visible()
    notice.get_by_role("link").tap()
    expect(page).to_have_url(live_server.url + ENGLISH_ADDRESS)


@pytest.mark.parametrize("screen", {"phone": PHONE, "desktop": DESKTOP})
def test_axe_finds_nothing_wrong_on_the_spanish_pages(
    screen, live_server, new_context, demo_content, subtests
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_context(**{"phone": PHONE, "desktop": DESKTOP}[screen]).new_page()
    for address in [SPANISH_ADDRESS, SPANISH_ADDRESS + "print/", SPANISH_ADDRESS + "visit-sheet/"]:
        with subtests.test(msg=f"{address} on a {screen}"):
            answer = page.goto(live_server.url + address)
            assert answer is not None and answer.status == 200
            expect(page.locator("html")).to_have_attribute("lang", "es")
            assert re.search(r"\S", page.locator("h1").inner_text())
            assert_no_violations(axe, page, f"{address} on a {screen}")
