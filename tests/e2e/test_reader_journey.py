"""A reader's journey through the example article, in a real browser.

Home page -> article -> table of contents -> a glossary term by keyboard (pop-up on
focus, Escape dismisses it, Enter opens it, its link leads to the glossary) -> back -> printer
friendly page. And the same article with JavaScript off.
"""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from glossary.demo import GLOSSARY
from references.demo import REFERENCES

ARTICLE_PATH = f"/articles/{demo.SLUG}/"
MAX_TABS = 60

pytestmark = pytest.mark.django_db(transaction=True)


def active_element(page, expression):
    return page.evaluate(f"() => {{ const el = document.activeElement; return {expression}; }}")


def tab_to_term_link(page):
    """Press Tab until a glossary term link has the focus; return how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if active_element(page, "!!el && el.classList.contains('term-link')"):
            return presses
    pytest.fail(f"no glossary term link took the focus in {MAX_TABS} presses of Tab")


def test_reader_finds_reads_and_prints_the_example_article(live_server, demo_content, page):
    # 1. The home page lists the article under "Newest articles".
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Newest articles")).to_be_visible()
    card_link = page.locator(".listing .card").get_by_role("link", name=demo.TITLE, exact=True)
    expect(card_link).to_be_visible()
    expect(card_link).to_have_attribute("href", ARTICLE_PATH)
    card_link.click()

    # 2. The article page.
    expect(page).to_have_url(live_server.url + ARTICLE_PATH)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    original = page.get_by_role("link", name=re.compile(r"^Read the original article"))
    expect(original).to_be_visible()
    expect(original).to_have_attribute("href", REFERENCES[0]["url"])

    toc = page.get_by_role("navigation", name="On this page")
    expect(toc).to_be_visible()
    toc_links = toc.get_by_role("link")
    # One per section, then the lists (questions, trials, guidelines, resources) and references.
    expect(toc_links).to_have_count(len(demo.SECTIONS) + 5)
    expect(toc_links.first).to_have_text(demo.SECTIONS[0]["toc_label"])

    meaning = toc.get_by_role("link", name="What does this mean for me?", exact=True)
    anchor = meaning.get_attribute("href")
    assert anchor == "#what-do-these-results-mean-for-me"
    meaning_heading = page.locator(f"{anchor}-heading")
    expect(meaning_heading).to_have_text("What do these results mean for me?")
    expect(meaning_heading).not_to_be_in_viewport()
    meaning.click()
    expect(page).to_have_url(live_server.url + ARTICLE_PATH + anchor)
    expect(meaning_heading).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()

    # 3. By keyboard: Enter on the first TOC link moves the focus to the first section...
    first_section = page.locator("section.article-section").first
    first_section_id = first_section.get_attribute("id")
    first_toc_link = toc_links.first
    assert first_toc_link.get_attribute("href") == f"#{first_section_id}"
    first_toc_link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + ARTICLE_PATH + f"#{first_section_id}")
    expect(first_section).to_be_focused()
    expect(first_section).to_be_in_viewport()

    # ... and Tab from there reaches the first glossary term of that section.
    first_term = first_section.locator(".term-link").first
    definition_id = first_term.get_attribute("aria-describedby")
    assert definition_id
    definition = page.locator(f"[id='{definition_id}']")
    expect(definition).to_be_hidden()
    expect(definition).to_have_attribute("role", "tooltip")

    tab_to_term_link(page)
    expect(first_term).to_be_focused()
    term_word = first_term.inner_text()
    href = first_term.get_attribute("href")
    match = re.fullmatch(r"/glossary/#([\w-]+)", href or "")
    assert match, f"term link {term_word!r} points to {href!r}, not to /glossary/#<slug>"
    slug = match.group(1)

    # Focus shows the pop-up (WCAG 1.4.13); Escape dismisses it and leaves the focus alone.
    expect(definition).to_be_visible()
    term_name = definition.locator("strong").inner_text().removesuffix(":")
    definition_text = definition.inner_text().removeprefix(f"{term_name}:").strip()
    glossary_entry = next(t for t in GLOSSARY if t["name"] == term_name)
    forms = [glossary_entry["name"], *glossary_entry["variants"].splitlines()]
    assert " ".join(term_word.split()).casefold() in {form.casefold() for form in forms}
    assert definition_text == glossary_entry["definition"]
    page.keyboard.press("Escape")
    expect(definition).to_be_hidden()
    expect(first_term).to_be_focused()

    # Enter opens the definition in place; its "Open in the glossary" link, next in the
    # Tab order, goes to the term on the glossary page.
    page.keyboard.press("Enter")
    expect(first_term).to_have_attribute("aria-expanded", "true")
    assert page.url.startswith(live_server.url + ARTICLE_PATH)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Open in the glossary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/glossary/#{slug}")
    entry = page.locator(f"[id='{slug}']")
    expect(entry).to_have_count(1)
    expect(entry).to_be_in_viewport()
    expect(entry.locator("dt")).to_have_text(term_name)
    expect(entry.locator("dd")).to_have_text(definition_text)

    # 4. Back to the article, then its printer friendly page.
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(live_server.url + ARTICLE_PATH) + r"(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    page.get_by_role("link", name="Printer friendly page", exact=True).click()

    expect(page).to_have_url(re.compile(r"/print/$"))
    assert page.url == live_server.url + ARTICLE_PATH + "print/"
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Site")).to_have_count(0)
    expect(page.locator(".site-footer")).to_have_count(0)
    references = page.locator("#references ol > li")
    expect(references).to_have_count(len(REFERENCES))
    expect(references.first).to_contain_text("Begley S")
    expect(references.first).to_contain_text("Original article")

    words = page.locator("section.print-glossary")
    expect(words.get_by_role("heading", name="Words used in this article")).to_be_visible()
    names = words.locator("dt")
    for name in ["metastasis", "mammogram", "primary tumor"]:
        expect(names.filter(has_text=re.compile(rf"^{re.escape(name)}$"))).to_have_count(1)
    expect(words.locator("dd").first).not_to_be_empty()
    # On paper the definitions are listed at the end, so the terms are not links here.
    expect(page.locator(".term-link")).to_have_count(0)


def test_article_works_without_javascript(live_server, demo_content, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + ARTICLE_PATH)

    expect(page.get_by_role("heading", level=1)).to_have_text(demo.TITLE)
    for section in demo.SECTIONS:
        expect(page.get_by_role("heading", level=2, name=section["heading"], exact=True)).to_be_visible()
    for heading in [
        "Questions to ask your doctor",
        "Clinical trials",
        "Guidelines",
        "Resources",
        "References",
    ]:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()

    # The marked words stay in the text; the definitions stay out of the way.
    first_section = page.locator("section.article-section").first
    text = " ".join(first_section.inner_text().split())
    assert "a process called metastasis." in text
    assert "seen on a mammogram or another imaging test" in text
    assert "This is called the primary tumor." in text
    term = first_section.locator(".term-link", has_text=re.compile(r"^metastasis$"))
    expect(term).to_have_attribute("href", "/glossary/#metastasis")
    expect(page.locator(".term-definition").first).to_be_hidden()
    expect(page.locator(".term-definition:visible")).to_have_count(0)

    # The table of contents still navigates.
    toc = page.get_by_role("navigation", name="On this page")
    meaning = toc.get_by_role("link", name="What does this mean for me?", exact=True)
    anchor = meaning.get_attribute("href")
    meaning.click()
    expect(page).to_have_url(live_server.url + ARTICLE_PATH + anchor)
    expect(page.locator(f"{anchor}-heading")).to_be_in_viewport()
