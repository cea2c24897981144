"""Reflow (WCAG 2.2, 1.4.10): at 320 CSS pixels wide no public page scrolls sideways,
on screen or printed. Long link addresses and long words wrap; a wide table scrolls
inside its own box."""

import pytest

from articles import demo, workflow
from tests import factories
from tests.e2e.public_pages import in_visiting_order, open_public_page

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320
LONG_WORD = "pneumonoultramicroscopic" * 834  # 20,016 letters, no place to break
LONG_URL = "https://www.example.org/" + "a-very-long-path-segment-" * 20

# A desktop zoomed to 400 % (what WCAG's 320 px stands for), and a small phone, whose
# touch screen gets the larger tap targets (site.css's pointer: coarse).
NARROW_SCREENS = {
    "zoomed desktop": {"viewport": {"width": WIDTH, "height": 640}},
    "phone with touch": {"viewport": {"width": WIDTH, "height": 640}, "is_mobile": True, "has_touch": True},
}


def publish_as_demo_staff(article):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    workflow.submit_for_review(article, by=users.get(username="author"))
    workflow.approve(article, by=users.get(username="reviewer"))
    workflow.publish(article, by=users.get(username="editor"))


@pytest.fixture
def article_with_long_words(demo_content):
    """A published article whose text holds an unbroken 20,000-letter word, a long link
    address and a table wider than a phone."""
    article = factories.ArticleFactory(
        title="Long " + "x" * 120, slug="long-words", summary=f"Summary {LONG_WORD[:2000]} ends."
    )
    wide_table = "<table><tr>" + "".join(f"<th>Column heading {i}</th>" for i in range(12)) + "</tr></table>"
    factories.SectionFactory(
        article=article,
        heading="A heading with " + "y" * 100,
        body=f'<p>{LONG_WORD}</p><p><a href="{LONG_URL}">{LONG_URL}</a></p>{wide_table}',
    )
    publish_as_demo_staff(article)
    return ["/articles/long-words/", "/articles/long-words/print/", "/search/?q=pneumonoultramicroscopic"]


def overflowing(page):
    """How far the page reaches past the viewport's right edge, and what sticks out."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const culprits = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .filter(el => !el.closest('.table-scroll, .skip-link'))
                .slice(0, 5)
                .map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
            return {scrollWidth: document.documentElement.scrollWidth, culprits};
        }"""
    )


def assert_no_sideways_scrolling(new_context, base, paths):
    context = new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    failures = {}
    for media in ["screen", "print"]:
        page.emulate_media(media=media)
        for path in paths:
            page.goto(base + path)
            result = overflowing(page)
            if result["scrollWidth"] > WIDTH:
                failures[f"{path} ({media})"] = result
    assert not failures, failures


@pytest.mark.parametrize("screen", NARROW_SCREENS)
def test_no_public_page_scrolls_sideways_at_320_pixels(
    screen, live_server, new_context, demo_content, subtests
):
    """Every page of tests/e2e/public_pages.py, on screen and printed; one subtest per
    page, so a failure names the page, the screen and what sticks out."""
    page = new_context(**NARROW_SCREENS[screen]).new_page()
    for public_page in in_visiting_order():
        with subtests.test(msg=f"{public_page.name} at {WIDTH} px, {screen}"):
            page.emulate_media(media="screen")
            address = open_public_page(page, live_server.url, public_page)
            failures = {}
            for media in ["screen", "print"]:
                page.emulate_media(media=media)
                result = overflowing(page)
                if result["scrollWidth"] > WIDTH:
                    failures[media] = result
            if failures:
                pytest.fail(
                    f"{public_page.name} ({address}) scrolls sideways at {WIDTH} px, {screen}: {failures}"
                )


def test_long_words_links_and_tables_do_not_widen_the_page(live_server, new_context, article_with_long_words):
    assert_no_sideways_scrolling(new_context, live_server.url, article_with_long_words)


def test_the_wide_table_scrolls_in_its_own_box(live_server, new_context, article_with_long_words):
    page = new_context(viewport={"width": WIDTH, "height": 640}).new_page()
    page.goto(live_server.url + "/articles/long-words/")
    table = page.locator(".prose table")
    assert table.evaluate("t => t.scrollWidth > t.clientWidth && t.getBoundingClientRect().right <= 320")


def test_pagination_wraps_at_320_pixels(live_server, new_context, article_with_long_words, monkeypatch):
    publish_as_demo_staff(factories.full_article(slug="a-third-article"))
    monkeypatch.setattr("articles.public.views.PAGE_SIZE", 1)
    assert_no_sideways_scrolling(new_context, live_server.url, ["/?page=2"])


def test_glossary_pop_ups_stay_inside_the_window(live_server, new_context, demo_content):
    page = new_context(viewport={"width": WIDTH, "height": 640}).new_page()
    page.goto(live_server.url + f"/articles/{demo.SLUG}/")
    links = page.locator(".term-link")
    assert links.count() >= 5
    widths = {}
    for i in range(links.count()):
        links.nth(i).focus()
        assert page.locator(".term-definition:not([hidden])").count() == 1
        widths[links.nth(i).inner_text()] = page.evaluate("document.documentElement.scrollWidth")
        page.keyboard.press("Escape")
    assert max(widths.values()) <= WIDTH, widths
