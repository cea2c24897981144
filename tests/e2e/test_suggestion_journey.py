"""A reader, in Chromium, suggests a news story from the example article's "Be part of
XRAYS"; an editor opens it in the admin queue, accepts it and lands on the new draft,
whose original story is the link; the worker sends the reader's email through a real
SMTP server (aiosmtpd), and the reader gets exactly one."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from articles import demo
from articles.models import Article
from suggestions.models import Suggestion
from tests.e2e.staff import log_in
from tests.subscriptions.conftest import run_worker
from tests.subscriptions.smtp import SMTPServer, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

READER = "reader@example.org"
STORY = "https://www.example-news.org/health/2026/12/01/liquid-biopsy-finds-relapse-early/?utm_source=social"
WHY = "I finished treatment last year and my oncologist mentioned blood tests for relapse."


@pytest.fixture
def inbox(live_server):
    server = SMTPServer()
    server.start()
    with override_settings(MAILERS=server.mailers, SITE_URL=live_server.url):
        yield server.inbox
    server.stop()


def test_a_reader_suggests_a_story_an_editor_turns_it_into_a_draft_and_the_reader_hears_back(
    live_server, page, new_context, demo_content, inbox
):
    base = live_server.url

    # The reader, on the example article, finds "Be part of XRAYS".
    page.goto(f"{base}/articles/{demo.SLUG}/")
    box = page.get_by_role("region", name="Be part of XRAYS")
    box.get_by_role("link", name="Suggest a news story for us to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a news story for XRAYS to review")

    # A mistake first: nothing typed is lost.
    page.get_by_label("Link to the news story").fill("javascript:alert(1)")
    page.get_by_label("Why it matters to you").fill(WHY)
    page.get_by_label("Your email address (optional)").fill(READER)
    page.get_by_role("button", name="Send my suggestion").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("starting with http:// or https://")).to_be_visible()
    expect(page.get_by_label("Why it matters to you")).to_have_value(WHY)
    expect(page.get_by_label("Your email address (optional)")).to_have_value(READER)

    page.get_by_label("Link to the news story").fill(STORY)
    page.get_by_role("button", name="Send my suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion")
    page.get_by_role("link", name="Back to the article").click()
    expect(page).to_have_url(f"{base}/articles/{demo.SLUG}/")
    suggestion = Suggestion.objects.get(link=STORY)
    assert suggestion.came_from == demo.SLUG and suggestion.email == READER

    # An editor opens it in the queue and accepts it.
    editor = log_in(new_context, base, "editor", "xrays-demo-editor")
    editor.goto(f"{base}/admin/suggestions/suggestion/")
    row = editor.locator("tr", has_text="example-news.org/health/2026")
    expect(row.locator("a[rel='noopener noreferrer']")).to_have_count(1)
    row.locator("th a").click()
    expect(editor.get_by_text(WHY)).to_be_visible()
    editor.get_by_label("Title of the draft").fill("A blood test to find a relapse early")
    editor.get_by_role("button", name="Accept and start a draft").click()

    # The draft's own page, with the link as its original story.
    expect(editor.locator(".messagelist")).to_contain_text("Suggestion accepted")
    article = Article.objects.get(title="A blood test to find a relapse early")
    expect(editor).to_have_url(f"{base}/admin/articles/article/{article.pk}/change/")
    expect(editor.get_by_label("Title:")).to_have_value("A blood test to find a relapse early")
    original = editor.locator("input[name$='-is_original_story']:checked")
    expect(original).to_have_count(1)
    expect(editor.locator(".field-reference").first).to_contain_text("example-news.org")
    assert article.citations.get(is_original_story=True).reference.url == STORY

    # The worker sends the one email; the reader gets it.
    run_worker()
    (message,) = inbox.to(READER)
    assert "we will review it" in message["Subject"]
    assert STORY in text_of(message)
    assert link_in(message, "/suggest/unsubscribe/").startswith(f"{base}/suggest/unsubscribe/")
    run_worker()
    assert len(inbox.to(READER)) == 1
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED and suggestion.email_status == "sent"
