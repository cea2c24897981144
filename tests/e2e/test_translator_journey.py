"""A Spanish translation in a real browser: an editor starts it from the English article,
writes the Spanish beside the English and submits it; a reviewer approves it; an editor
publishes it; a Spanish reader sees it at its own address."""

import pytest
from playwright.sync_api import expect

from tests.e2e.staff import log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Walking after breast cancer treatment"
HEADING = "What the study found"
SPANISH_TITLE = "Caminar después del tratamiento del cáncer de mama"
SPANISH_SUMMARY = "Un estudio grande relaciona caminar con un menor riesgo de que el cáncer regrese."
SPANISH_HEADING = "Lo que encontró el estudio"
SPANISH_BODY = "Las mujeres que caminaron tres horas por semana tuvieron mejores resultados."


@pytest.fixture
def english_article(demo_content):
    """A published English review with no translation yet, written and approved by the
    demo accounts."""
    from django.contrib.auth import get_user_model

    from articles import workflow
    from articles.models import Article, Section

    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["author", "editor", "reviewer"])
    }
    article = Article.objects.create(
        title=TITLE,
        slug="walking-after-treatment",
        summary="A large study links regular walking with a lower risk of recurrence.",
        created_by=users["author"],
    )
    Section.objects.create(
        article=article,
        heading=HEADING,
        body="<p>Women who walked three hours a week did better.</p>",
        order=0,
    )
    Section.objects.create(
        article=article,
        heading="What it means for you",
        body="<p>Ask your doctor about exercise.</p>",
        order=1,
    )
    workflow.record_created(article, by=users["author"])
    workflow.submit_for_review(article, by=users["author"])
    workflow.approve(article, by=users["reviewer"])
    workflow.publish(article, by=users["editor"])
    return article


def test_an_editor_translates_a_reviewer_approves_and_a_spanish_reader_reads(
    live_server, new_context, english_article
):
    base = live_server.url
    errors = []

    # An editor opens the English article and starts the Spanish translation.
    editor = log_in(new_context, base, "editor", "xrays-demo-editor", viewport={"width": 1400, "height": 900})
    editor.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    editor.goto(f"{base}/admin/articles/article/?language=en")
    editor.get_by_role("link", name=TITLE).click()
    translations = editor.locator("#translations")
    expect(translations).to_contain_text("Not translated yet")
    translations.get_by_role("button", name="Translate into Español").click()
    expect(editor.locator(".messagelist")).to_contain_text("Español translation is started")

    # Each text sits beside its English: side by side on a wide screen.
    title_row = editor.locator("div.form-row.field-title .xr-side-by-side")
    expect(title_row.locator('.xr-source[lang="en"]')).to_contain_text(TITLE)
    source_box = title_row.locator(".xr-source").bounding_box()
    field_box = title_row.locator(".xr-target").bounding_box()
    assert field_box["x"] > source_box["x"] + source_box["width"] - 1, "two columns"
    section = editor.locator("#sections-0")
    expect(section.locator('.xr-source[lang="en"]').first).to_contain_text(HEADING)
    expect(editor.locator('[name="entry_type"]')).to_have_count(0)
    expect(editor.get_by_text("Shared with the English article").first).to_be_visible()

    # The editor writes the Spanish, in the boxes on the right.
    editor.get_by_label("Title:").fill(SPANISH_TITLE)
    editor.get_by_label("Summary:").fill(SPANISH_SUMMARY)
    section.get_by_label("Heading:").fill(SPANISH_HEADING)
    body = section.locator(".xr-target").get_by_role("textbox").last
    body.click()
    editor.keyboard.press("ControlOrMeta+a")
    body.press_sequentially(SPANISH_BODY)
    editor.get_by_role("button", name="Save and continue editing").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Submitted for review")
    translation_url = editor.url

    # A reviewer finds it in the queue and approves it.
    reviewer = log_in(new_context, base, "reviewer", "xrays-demo-reviewer")
    reviewer.get_by_role("link", name="Review queue").click()
    reviewer.locator("tr", has_text=SPANISH_TITLE).get_by_role("link", name=SPANISH_TITLE).click()
    reviewer.get_by_label("Approve this draft").fill("La traducción es fiel.")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Approved")

    # The editor publishes it.
    editor.goto(translation_url)
    editor.get_by_role("button", name="Publish now").click()
    expect(editor.locator(".messagelist")).to_contain_text("Published as version 1")
    public = editor.locator(".field-live_link a").first.get_attribute("href")
    assert public.startswith("/es/articles/")

    # A Spanish reader reads it.
    reader = new_context().new_page()
    reader.goto(base + public)
    expect(reader.get_by_role("heading", level=1)).to_have_text(SPANISH_TITLE)
    expect(reader.locator("main")).to_contain_text(SPANISH_BODY)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_on_a_narrow_screen_the_english_stacks_above_each_field(live_server, new_context, english_article):
    from django.contrib.auth import get_user_model

    from articles import translations

    translation = translations.start_translation(
        english_article, "es", by=get_user_model().objects.get(username="editor")
    )
    page = log_in(
        new_context, live_server.url, "editor", "xrays-demo-editor", viewport={"width": 390, "height": 844}
    )
    page.goto(f"{live_server.url}/admin/articles/article/{translation.pk}/change/")
    row = page.locator("div.form-row.field-summary .xr-side-by-side")
    source, field = row.locator(".xr-source").bounding_box(), row.locator(".xr-target").bounding_box()
    assert field["y"] >= source["y"] + source["height"] - 1, "English above the field"

    # What this feature adds to the admin passes WCAG 2.2 AA (Django's own admin is
    # tested by Django): the translation box, the side-by-side fields, what changed.
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import WCAG_AA, described

    axe = Axe()
    # The rich-text editor (django-prose-editor, on every article page) is left out:
    # its editing box has no accessible name on the English page either.
    ours = {"include": [[".xr-translations"], [".xr-side-by-side"]], "exclude": [[".prose-editor"]]}
    violations = axe.run(page, context=ours, options=WCAG_AA).response["violations"]
    assert not violations, described(violations)
    page.goto(f"{live_server.url}/admin/articles/article/{translation.pk}/source-changes/")
    violations = axe.run(page, context={"include": [["#content-main"]]}, options=WCAG_AA).response[
        "violations"
    ]
    assert not violations, described(violations)
