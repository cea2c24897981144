"""The History of an article, in a real browser: saving the example article unchanged
names no section, and changing one section names that one alone."""

import pytest
from django.contrib.admin.models import LogEntry
from playwright.sync_api import expect

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_as_editor(new_context, base):
    page = new_context().new_page()
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("xrays-demo-editor")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    return page


def latest_change_message(article):
    return LogEntry.objects.filter(object_id=str(article.pk)).latest("pk").get_change_message()


def test_saving_the_example_unchanged_then_changing_one_section(live_server, new_context, demo_content):
    article = Article.objects.sources().get()
    sections = list(article.sections.all())
    assert any("\n" in s.body for s in sections)  # multi-line text, as editors' HTML often is
    page = log_in_as_editor(new_context, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert latest_change_message(article) == "No fields changed."

    last = sections[-1]
    # The rich-text editor's own box (the textarea behind it is hidden once it starts).
    editor_box = page.locator(f"#sections-{len(sections) - 1} [contenteditable='true']")
    editor_box.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Ask about it at your next visit.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert latest_change_message(article) == f"Changed Body for section “{last.heading}”."
    assert "Ask about it at your next visit." in article.sections.get(pk=last.pk).body
    for section in sections[:-1]:
        assert article.sections.get(pk=section.pk).body == section.body
