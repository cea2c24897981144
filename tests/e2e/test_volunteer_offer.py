"""A health professional finds "volunteer to review articles" under an article, fills in
the offer with the keyboard alone and is thanked; the editors then have their offer.
The volunteer pages pass axe and do not scroll sideways on a 320-pixel screen (the
sweeps of every public page cover them too: tests/e2e/public_pages.py)."""

import pytest

from articles import demo
from tests.e2e.screens import DESKTOP, PHONE, keep_screenshot
from tests.e2e.test_accessibility import assert_no_violations
from tests.e2e.test_reflow import assert_no_sideways_scrolling

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_health_professional_volunteers_from_an_article_with_the_keyboard(live_server, page, demo_content):
    from playwright.sync_api import expect

    from volunteers.models import VolunteerOffer

    page.goto(f"{live_server.url}/articles/{demo.SLUG}/")
    box = page.get_by_role("region", name="Be part of XRAYS")
    link = box.get_by_role("link", name="volunteer to review articles")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer as a reviewer")

    page.get_by_label("Your name").focus()
    keys = page.keyboard
    keys.type("Ana Ruiz")
    keys.press("Tab")
    keys.type("ana.ruiz@hospital.example")
    keys.press("Tab")
    keys.press("Space")  # the first answer: a health professional
    keys.press("Tab")
    keys.type("breast oncologist, Mayo Clinic")
    keys.press("Tab")
    keys.type("breast cancer, hereditary risk")
    keys.press("Tab")
    keys.press("Space")  # English
    keys.press("Tab")
    keys.press("Space")  # Español
    keys.press("Tab")
    keys.type("Mornings are best.")
    keys.press("Tab")
    keys.press("Space")  # consent
    keep_screenshot(page, "volunteer-form-filled", full_page=True)
    keys.press("Tab")
    expect(page.get_by_role("button", name="Send my offer")).to_be_focused()
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your offer")
    offer = VolunteerOffer.objects.from_address("ana.ruiz@hospital.example").latest("received_at")
    assert (offer.name, offer.kind, offer.role) == (
        "Ana Ruiz",
        "health_professional",
        "breast oncologist, Mayo Clinic",
    )
    assert offer.language_codes == ["en", "es"] and offer.note == "Mornings are best."


def test_a_volunteer_who_sends_too_little_is_taken_to_the_problems_and_keeps_what_they_typed(
    live_server, page, demo_content
):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/volunteer/")
    page.get_by_label("Your name").fill("Ana Ruiz")
    page.get_by_role("button", name="Send my offer").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There are problems with your offer")
    summary.get_by_role("link", name="Your email address").click()
    expect(page.get_by_label("Your email address")).to_be_focused()
    expect(page.get_by_label("Your name")).to_have_value("Ana Ruiz")


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_violation_on_the_volunteer_pages(screen, live_server, new_context, demo_content):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_context(**screen).new_page()
    for address in ["/volunteer/", "/es/volunteer/", "/volunteer/thanks/"]:
        page.goto(live_server.url + address)
        assert_no_violations(axe, page, address)
    page.goto(live_server.url + "/volunteer/")
    page.get_by_role("button", name="Send my offer").click()
    page.get_by_role("alert").wait_for()
    assert_no_violations(axe, page, "/volunteer/ with its errors shown")


def test_the_volunteer_pages_do_not_scroll_sideways_at_320_pixels(live_server, new_context, demo_content):
    assert_no_sideways_scrolling(
        new_context, live_server.url, ["/volunteer/", "/es/volunteer/", "/volunteer/thanks/"]
    )
