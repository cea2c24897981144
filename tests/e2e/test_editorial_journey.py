"""The editorial cycle in a real browser: an author writes and submits an article, a
reviewer compares and approves it, an editor publishes it, a reader sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.staff import log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Exercise after breast cancer treatment"


def test_author_writes_reviewer_approves_editor_publishes_reader_reads(
    live_server, new_context, demo_content
):
    base = live_server.url
    errors = []

    # An author writes a draft, with the rich-text editor, and submits it.
    author = log_in(new_context, base, "author", "xrays-demo-author")
    author.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    author.goto(f"{base}/admin/articles/article/add/")
    author.get_by_label("Title:").press_sequentially(TITLE)
    expect(author.get_by_label("Slug:")).to_have_value("exercise-after-breast-cancer-treatment")
    author.get_by_label("Summary:").fill(
        "A large study links regular walking with a lower risk of recurrence."
    )
    # Audiences are found by typing (the admin's autocomplete).
    author.locator(".field-relevant_for .select2-search__field").press_sequentially("breast")
    author.locator("#select2-id_relevant_for-results").get_by_role(
        "option", name="people with breast cancer"
    ).click()
    expect(author.locator(".field-relevant_for .select2-selection__choice")).to_contain_text(
        "people with breast cancer"
    )
    author.keyboard.press("Escape")
    author.get_by_role("button", name="Add another Section").click()
    section = author.locator("#sections-0")
    section.get_by_label("Heading:").fill("What the study found")
    editor_box = section.get_by_role("textbox").last
    editor_box.click()
    editor_box.press_sequentially("Women who walked three hours a week did better.")
    author.get_by_role("button", name="Save and continue editing").click()
    expect(author.locator(".messagelist")).to_contain_text("was added successfully")
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".messagelist")).to_contain_text("Submitted for review")

    # A reviewer finds it in the queue, compares, and approves.
    reviewer = log_in(new_context, base, "reviewer", "xrays-demo-reviewer")
    reviewer.get_by_role("link", name="Review queue").click()
    row = reviewer.locator("tr", has_text=TITLE)
    row.get_by_role("link", name="Compare changes").click()
    expect(reviewer.locator("ins", has_text="walked three hours")).to_be_visible()
    reviewer.get_by_role("link", name=re.compile("Back to the article")).click()
    reviewer.get_by_label("Approve this draft").fill("Matches the paper.")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Approved")

    # An editor publishes it.
    editor = log_in(new_context, base, "editor", "xrays-demo-editor")
    editor.get_by_role("link", name="Review queue").click()
    editor.locator("tr", has_text=TITLE).get_by_role("link", name=TITLE).click()
    editor.get_by_role("button", name="Publish now").click()
    expect(editor.locator(".messagelist")).to_contain_text("Published as version 1")

    # A reader sees it on the home page and reads it.
    reader = new_context().new_page()
    reader.goto(base + "/")
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("#what-the-study-found")).to_contain_text("walked three hours a week")
    expect(reader.locator("#relevance")).to_contain_text("people with breast cancer")
    assert not [e for e in errors if "Content Security Policy" in e], errors
