"""The admin's History of an article names only what an editor really changed."""

import json

import pytest
from django.contrib.admin.models import LogEntry

from articles import workflow
from articles.models import Article, Section
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

BODY = "<p>Cancer cells can spread early,\nbefore a tumour is found.</p>\n<p>A second paragraph.</p>"


@pytest.fixture
def article(editor):
    article = factories.full_article(n_items=2, title="Early spread", slug="early-spread")
    for section in article.sections.all():
        section.body = BODY
        section.save()
    factories.rate(
        article, "science", "low", rationale="One study\nin mice.", evidence="study in mice\nsmall"
    )
    workflow.record_created(article, by=editor)
    return article


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def as_a_browser_sends(data):
    """A browser sends every textarea's line breaks as CR LF (the HTML standard)."""
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def save(client, article, change=None):
    data = as_a_browser_sends(admin_form_data(client, change_url(article), "article_form"))
    data.update(change or {})
    response = client.post(change_url(article), {**data, "_continue": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]


def history(article):
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    return entry.get_change_message(), json.loads(entry.change_message or "[]")


def test_saving_an_article_unchanged_records_no_changed_sections(client, editor, article):
    client.force_login(editor)
    save(client, article)
    message, changes = history(article)
    assert message == "No fields changed."
    assert changes == []
    # Nor did the save count as an edit of the draft.
    assert not article.events.filter(action="edited").exists()


def test_changing_one_section_names_only_that_section(client, editor, article):
    client.force_login(editor)
    first, second = article.sections.all()
    data = as_a_browser_sends(admin_form_data(client, change_url(article), "article_form"))
    [key] = [
        k for k, v in data.items() if k.startswith("sections-") and k.endswith("-id") and v == str(second.pk)
    ]
    body = key.replace("-id", "-body")
    data[body] = data[body].replace("A second paragraph.", "A rewritten paragraph.")
    response = client.post(change_url(article), {**data, "_continue": "1"})
    assert response.status_code == 302
    message, changes = history(article)
    assert message == f"Changed Body for section “{second.heading}”."
    assert Section.objects.get(pk=second.pk).body == BODY.replace(
        "A second paragraph.", "A rewritten paragraph."
    )
    assert Section.objects.get(pk=first.pk).body == BODY


def test_a_changed_line_in_a_rating_reason_is_named_alone(client, editor, article):
    client.force_login(editor)
    data = as_a_browser_sends(admin_form_data(client, change_url(article), "article_form"))
    [key] = [k for k in data if k.startswith("ratings-") and k.endswith("-evidence")]
    data[key] = "study in mice\r\nsmall\r\nnot yet repeated"
    response = client.post(change_url(article), {**data, "_continue": "1"})
    assert response.status_code == 302
    message, _ = history(article)
    assert message.startswith("Changed What the evidence is for article rating") and "section" not in message
    article = Article.objects.get(pk=article.pk)
    assert article.ratings.get().evidence_items == ["study in mice", "small", "not yet repeated"]
