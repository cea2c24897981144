"""The glossary pop-up meets WCAG 1.4.13: it appears on hover and focus, stays while the
pointer is over it (hoverable), stays until dismissed (persistent), and Escape
dismisses it without moving the pointer or focus."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_pop_up_is_hoverable_persistent_and_dismissible(live_server, page, demo_content):
    page.goto(live_server.url + "/articles/does-metastasis-happen-earlier/")
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
