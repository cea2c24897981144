"""Reflow (WCAG 2.2, 1.4.10): at 320 CSS pixels wide no public page scrolls sideways,
on screen or printed. Long link addresses and long words wrap; a wide table scrolls
inside its own box."""

import pytest

from articles import demo, workflow
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320
LONG_WORD = "pneumonoultramicroscopic" * 834  # 20,016 letters, no place to break
LONG_URL = "https://www.example.org/" + "a-very-long-path-segment-" * 20

DEMO_PAGES = [
    "/",
    "/?audience=people-with-breast-cancer",
    f"/articles/{demo.SLUG}/",
    f"/articles/{demo.SLUG}/print/",
    f"/articles/{demo.SLUG}/visit-sheet/",
    "/audiences/people-with-breast-cancer/",
    "/glossary/",
    "/search/?q=metastasis",
    "/search/?q=nothing-matches-this",
    "/articles/no-such-article/",
    "/?audience=%00",  # the 400 page
    f"/surveys/brief-survey/?article={demo.SLUG}",
    f"/surveys/brief-survey/thanks/?article={demo.SLUG}",
]


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


def test_no_public_page_scrolls_sideways_at_320_pixels(live_server, new_context, demo_content):
    assert_no_sideways_scrolling(new_context, live_server.url, DEMO_PAGES)


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


def test_subscription_pages_do_not_scroll_sideways(live_server, new_context, demo_content):
    from subscriptions.models import Subscriber
    from tests.e2e.test_accessibility import subscription_pages

    paths = subscription_pages()
    Subscriber.objects.filter(email="reader@example.org").update(
        email="a-rather-long-address-for-a-narrow-phone-screen@an-example-hospital-domain.example.org"
    )
    assert_no_sideways_scrolling(new_context, live_server.url, paths)


def test_the_survey_with_its_errors_does_not_scroll_sideways(live_server, new_context, demo_content):
    page = new_context(viewport={"width": WIDTH, "height": 640}).new_page()
    page.goto(live_server.url + f"/surveys/brief-survey/?article={demo.SLUG}")
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("alert").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, overflowing(page)
