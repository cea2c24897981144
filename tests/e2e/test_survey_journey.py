"""A reader answers the example article's brief survey with the keyboard alone; an
editor then finds the answer in the results, the chart and the CSV."""

import csv
import io

import pytest
from playwright.sync_api import expect

from articles import demo
from surveys.demo import SLUG
from tests.e2e.screens import keep_screenshot

ARTICLE_PATH = f"/articles/{demo.SLUG}/"
SURVEY_PATH = f"/surveys/{SLUG}/?article={demo.SLUG}"
MAX_TABS = 150
INVITATION = "Share your thoughts on this XRAYS article by taking our brief survey"

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page, expression):
    return page.evaluate(f"() => {{ const el = document.activeElement; return {expression}; }}")


def tab_to(page, expression, what):
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, f"!!el && ({expression})"):
            return
    pytest.fail(f"{what} never took the focus in {MAX_TABS} presses of Tab")


def tab_to_question(page, text):
    """Tab until the focus is inside the question whose legend or label is `text`."""
    tab_to(
        page,
        f"!!el.closest('.question') && el.closest('.question').querySelector('.question-text').textContent.includes({text!r})",
        text,
    )


def test_a_reader_answers_by_keyboard_and_an_editor_sees_it(live_server, demo_content, new_context):
    base = live_server.url
    reader = new_context().new_page()
    reader.goto(base + ARTICLE_PATH)

    # From the article page to the survey, by keyboard.
    tab_to(reader, f"el.textContent.trim() === {INVITATION!r}", "the survey invitation")
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(base + SURVEY_PATH)
    expect(reader.get_by_text("We do not keep your name, email, IP address")).to_be_visible()

    # Sending it empty: the required question is announced, the summary links to it.
    tab_to(reader, "el.type === 'submit' && el.textContent.includes('Send my answers')", "the send button")
    reader.keyboard.press("Enter")
    summary = reader.get_by_role("alert")
    expect(summary).to_contain_text("How helpful was this article?: Please answer this question.")
    expect(reader).to_have_title("Error: Brief survey about this article · XRAYS")

    # Rating 4 of 5: Tab into the group, arrows choose.
    tab_to_question(reader, "How helpful was this article?")
    for _ in range(3):
        reader.keyboard.press("ArrowRight")
    expect(reader.get_by_label("4", exact=True)).to_be_checked()
    # Yes.
    tab_to_question(reader, "Was the article easy to understand?")
    reader.keyboard.press("Space")
    expect(reader.get_by_label("Yes", exact=True)).to_be_checked()
    # Several choices: Space ticks each.
    tab_to_question(reader, "What will you do with what you learned?")
    reader.keyboard.press("Space")
    reader.keyboard.press("Tab")
    reader.keyboard.press("Space")
    expect(reader.get_by_label("Talk with my doctor about it")).to_be_checked()
    expect(reader.get_by_label("Share it with family or friends")).to_be_checked()
    # A written answer.
    tab_to_question(reader, "In a few words, what was most useful?")
    reader.keyboard.type("The part about early spread")
    tab_to(reader, "el.type === 'submit'", "the send button")
    reader.keyboard.press("Enter")

    expect(reader.get_by_role("heading", name="Thank you")).to_be_visible()
    back = reader.get_by_role("link", name=f"Back to the article: {demo.TITLE}")
    back.focus()
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(base + ARTICLE_PATH)

    # The editor reads the results, the chart and the CSV.
    editor = new_context().new_page()
    editor.goto(f"{base}/admin/login/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("xrays-demo-editor")
    editor.get_by_role("button", name="Log in").click()
    editor.goto(f"{base}/admin/surveys/survey/")
    editor.get_by_role("link", name="Brief survey about this article").click()
    editor.get_by_role("link", name="Results", exact=True).click()
    expect(editor.locator(".xr-total")).to_have_text("1")
    helpful = editor.locator(".xr-question", has_text="How helpful was this article?")
    expect(helpful.locator(".xr-mean")).to_have_text("4.0")
    expect(helpful.get_by_role("row", name="4 1 100.0%")).to_be_visible()
    expect(editor.locator(".xr-texts")).to_contain_text("The part about early spread")
    month = editor.locator(".xr-months tbody tr")
    expect(month).to_have_count(1)
    expect(month.locator(".xr-count")).to_have_text("1")
    expect(month.locator(".xr-mean")).to_have_text("4.0")
    bar = month.locator(".xr-bar").first
    assert bar.evaluate("b => b.getBoundingClientRect().width") > 0

    download = editor.request.get(
        base + editor.get_by_role("link", name="Download these responses (CSV)").get_attribute("href")
    )
    assert download.ok
    header, row = list(csv.reader(io.StringIO(download.text())))
    assert row[header.index("How helpful was this article?")] == "4"
    assert row[header.index("Was the article easy to understand?")] == "yes"
    assert row[header.index("What will you do with what you learned?")] == (
        "Talk with my doctor about it; Share it with family or friends"
    )
    assert row[header.index("In a few words, what was most useful?")] == "The part about early spread"
    assert row[header.index("version")] == "1"


def test_the_survey_works_without_javascript(live_server, demo_content, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + SURVEY_PATH)
    page.get_by_label("5 (Very helpful)").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_on_a_phone_the_answers_are_easy_to_tap_and_the_invitation_goes_once_answered(
    live_server, demo_content, new_context
):
    from tests.e2e.screens import PHONE

    base = live_server.url
    page = new_context(**PHONE).new_page()
    page.goto(base + ARTICLE_PATH)
    invitation = page.get_by_role("link", name=INVITATION)
    expect(invitation).to_be_visible()
    invitation.tap()
    expect(page).to_have_url(base + SURVEY_PATH)

    # Every radio and checkbox at least 24 px, its whole row at least 44 px and tappable.
    options = page.locator(".options input")
    assert options.count() > 5
    for option in options.all():
        box, row = option.bounding_box(), option.locator("xpath=ancestor::label[1]").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        assert row["height"] >= 44, row
    assert page.get_by_role("button", name="Send my answers").bounding_box()["height"] >= 44
    page.get_by_text("4", exact=True).tap()  # the words of the row, not the circle
    expect(page.get_by_label("4", exact=True)).to_be_checked()
    page.get_by_text("Talk with my doctor about it").tap()
    expect(page.get_by_label("Talk with my doctor about it")).to_be_checked()
    keep_screenshot(page, "follow-survey-1-form", full_page=True)
    page.get_by_role("button", name="Send my answers").tap()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    keep_screenshot(page, "follow-survey-2-thanks", full_page=True)

    # Back on the article (the same cached page as everyone's), no invitation.
    page.get_by_role("link", name=f"Back to the article: {demo.TITLE}").tap()
    expect(page).to_have_url(base + ARTICLE_PATH)
    expect(page.locator(".survey-invitation")).to_be_hidden()
    expect(page.locator(".survey-invitation a")).to_have_text(INVITATION)  # still in the HTML
    # Opened again, the survey says so.
    page.goto(base + SURVEY_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("You've already answered — thank you")
    keep_screenshot(page, "follow-survey-3-answered", full_page=True)

    # Another reader, another device: still invited.
    other = new_context(**PHONE).new_page()
    other.goto(base + ARTICLE_PATH)
    expect(other.get_by_role("link", name=INVITATION)).to_be_visible()
