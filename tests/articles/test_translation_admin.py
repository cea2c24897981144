"""The translator's and editor's screens: starting a translation, writing it beside the
English, finding translations that fell behind, and bringing them up to date."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import translations, workflow
from articles.models import Article, Section
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def republish(article, publish, body="<p>New findings changed this part.</p>", section_index=1):
    """The English is edited (one section) and published again."""
    _, before = workflow.draft_content(article)
    section = list(article.sections.all())[section_index]
    section.body = body
    section.save()
    workflow.record_edit(
        article, by=factories.author(username=f"writer-{article.pk}"), fingerprint_before=before
    )
    article.refresh_from_db()
    return publish(article)


@pytest.fixture
def spanish(published_article, editor):
    return translations.start_translation(published_article, "es", by=editor)


def source_beside(html):
    """The English shown beside each field, in page order."""
    return re.findall(
        r'<div class="xr-source" lang="en"><span class="xr-source-label">English</span>(.*?)</div>',
        html,
        re.S,
    )


# --- starting a translation -----------------------------------------------------------


def test_an_editor_starts_the_spanish_translation_from_the_english_article_page(
    client, editor, published_article
):
    client.force_login(editor)
    page = client.get(change_url(published_article)).content.decode()
    assert "Translations" in page and "Not translated yet" in page
    assert "Translate into Español" in page
    assert f"/admin/articles/article/{published_article.pk}/translation-file/?language=es" in page
    assert f"/admin/articles/article/{published_article.pk}/translation-file/import/" in page

    response = client.post(f"/admin/articles/article/{published_article.pk}/translate/", {"language": "es"})

    translation = Article.objects.get(translation_of=published_article, language="es")
    assert response.status_code == 302 and response["Location"] == change_url(translation)
    assert any("Español translation is started" in m for m in said(response))
    assert translation.translated_from == published_article.live_version
    page = client.get(change_url(published_article)).content.decode()
    assert "Edit the translation" in page and "Translate into Español" not in page


def test_a_translation_is_refused_with_a_clear_message_while_the_english_is_unpublished(client, editor):
    draft = factories.full_article(n_items=1)
    client.force_login(editor)
    page = client.get(change_url(draft)).content.decode()
    assert "Publish the English article first" in page

    response = client.post(f"/admin/articles/article/{draft.pk}/translate/", {"language": "es"}, follow=True)

    assert response.status_code == 200
    assert not Article.objects.filter(translation_of=draft).exists()
    assert [m for m in said(response) if m], "the editor is told why"


def test_a_reviewer_who_only_reviews_cannot_start_a_translation(client, reviewer, published_article):
    client.force_login(reviewer)
    page = client.get(change_url(published_article)).content.decode()
    assert "Translate into Español" not in page

    response = client.post(f"/admin/articles/article/{published_article.pk}/translate/", {"language": "es"})

    assert response.status_code == 403
    assert not Article.objects.filter(translation_of=published_article).exists()


def test_an_unknown_language_or_a_get_request_changes_nothing(client, editor, published_article):
    client.force_login(editor)
    url = f"/admin/articles/article/{published_article.pk}/translate/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"language": "x" * 20000}, follow=True)
    assert response.status_code == 200
    assert any("cannot be translated into" in m for m in said(response))
    # A NUL byte is refused by the site before any view (a 400, never a 500).
    assert client.post(url, {"language": "es\x00"}).status_code in (302, 400)
    assert not Article.objects.filter(translation_of=published_article).exists()


# --- side by side -----------------------------------------------------------------


def test_the_translation_page_shows_the_english_beside_each_text_matched_by_section(
    client, editor, published_article, spanish
):
    english = list(published_article.sections.all())
    # The translator reordered nothing but renamed the first section in Spanish.
    first = spanish.sections.get(anchor=english[0].anchor)
    first.heading = "Lo que encontró el estudio"
    first.save()
    client.force_login(editor)

    html = client.get(change_url(spanish)).content.decode()

    sources = source_beside(html)
    # Title, summary, then each section's heading, contents label and body, then lists.
    assert sources[0] == f"<p>{published_article.title}</p>"
    assert sources[1] == f"<p>{published_article.summary}</p>"
    assert english[0].heading in sources[2]
    assert english[0].body in "".join(sources[2:6])
    assert 'value="Lo que encontró el estudio"' in html
    for section in english:
        assert section.heading in html
    for question in published_article.doctor_questions.all():
        assert any(question.text in s for s in sources)
    # The translator's boxes are Spanish; the English column is English.
    assert re.search(r'<input[^>]*name="title"[^>]*lang="es"|<input[^>]*lang="es"[^>]*name="title"', html)
    assert 'class="xr-target" lang="es"' in html
    # The anchor is the English section's, kept: links and matching rely on it.
    assert 'name="sections-0-anchor"' not in html


def test_a_reviewer_reads_the_translation_with_its_english_beside_each_section(
    client, reviewer, published_article, spanish
):
    first = spanish.sections.order_by("order").first()
    first.body = "<p>Las células del cáncer pueden diseminarse pronto.</p>"
    first.save()
    english = published_article.sections.order_by("order").first()
    client.force_login(reviewer)

    html = client.get(change_url(spanish)).content.decode()

    assert "Las células del cáncer pueden diseminarse pronto." in html
    assert re.search(r'<div class="xr-source" lang="en">.*?' + re.escape(english.body), html, re.S)
    assert 'name="sections-0-heading"' not in html  # reviewers edit nothing


def test_what_a_translation_shares_with_its_english_is_shown_but_not_editable(
    client, editor, published_article, spanish
):
    client.force_login(editor)
    html = client.get(change_url(spanish)).content.decode()

    assert "Shared with the English article" in html
    for name in ('name="entry_type"', 'name="relevant_for"', 'name="also_relevant_for"'):
        assert name not in html
    assert "citations-TOTAL_FORMS" not in html and "ratings-TOTAL_FORMS" not in html
    assert "relevant audience 0" in html  # the English article's audiences, read-only

    # Saving the translation saves its words and leaves the shared parts alone.
    data = admin_form_data(client, change_url(spanish), "article_form")
    data["title"] = "Diseminación temprana del cáncer de mama"
    data["entry_type"] = "personal_story"
    response = client.post(change_url(spanish), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    spanish.refresh_from_db()
    assert spanish.title == "Diseminación temprana del cáncer de mama"
    assert spanish.entry_type != "personal_story"
    assert spanish.slug != published_article.slug


def test_the_english_article_page_is_unchanged_by_translations(client, editor, published_article):
    client.force_login(editor)
    html = client.get(change_url(published_article)).content.decode()
    assert 'name="entry_type"' in html and "citations-TOTAL_FORMS" in html
    assert 'class="xr-side-by-side"' not in html


# --- out of date: the queue, compare, and bringing it up to date -------------------------


def test_the_review_queue_lists_a_translation_the_english_moved_past(
    client, editor, published_article, spanish, publish
):
    republish(published_article, publish)
    client.force_login(editor)

    html = client.get("/admin/articles/article/review-queue/").content.decode()

    section = html.split("Translations out of date (1)")[1].split("Open review comments")[0]
    assert spanish.title in section
    assert "English version 1" in section and "English version 2" in section
    assert f"/admin/articles/article/{spanish.pk}/source-changes/" in section
    assert change_url(spanish) in section
    assert "/admin/articles/article/translations-out-of-date.zip" in section


def test_the_translators_compare_shows_only_the_changed_section_as_changed(
    client, editor, published_article, spanish, publish
):
    changed, unchanged = list(published_article.sections.all())[1], published_article.sections.first()
    republish(published_article, publish, body="<p>The trial was stopped early.</p>")
    client.force_login(editor)

    response = client.get(f"/admin/articles/article/{spanish.pk}/source-changes/")

    assert response.status_code == 200
    changed_labels = [c.label for c in response.context["changes"]]
    assert changed_labels == [f"Section: {changed.heading}"]
    assert f"Section: {unchanged.heading}" in [c.label for c in response.context["unchanged"]]
    html = response.content.decode()
    assert "<ins>trial</ins>" in html or "trial was stopped early" in html
    assert "I have updated the translation to English version 2" in html


def test_marking_the_translation_up_to_date_clears_it_from_the_queue(
    client, editor, published_article, spanish, publish
):
    republish(published_article, publish)
    client.force_login(editor)

    response = client.post(f"/admin/articles/article/{spanish.pk}/up-to-date/", {"version": "2"})

    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.translated_from.number == 2
    assert not translations.is_out_of_date(spanish)
    html = client.get("/admin/articles/article/review-queue/").content.decode()
    assert "Translations out of date (0)" in html


def test_a_bad_version_number_is_refused_and_changes_nothing(
    client, editor, published_article, spanish, publish
):
    republish(published_article, publish)
    client.force_login(editor)
    url = f"/admin/articles/article/{spanish.pk}/up-to-date/"
    for bad in ("abc", "9" * 30, "7", "1"):
        response = client.post(url, {"version": bad}, follow=True)
        assert response.status_code == 200
        assert [m for m in said(response) if "does not exist" in m or "already follows" in m]
    assert client.post(url, {"version": "2\x00"}).status_code == 400
    spanish.refresh_from_db()
    assert spanish.translated_from.number == 1


def test_an_english_article_has_no_translators_compare(client, editor, published_article):
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{published_article.pk}/source-changes/").status_code == 404


# --- the article list ---------------------------------------------------------------


def test_the_article_list_filters_by_language_and_by_translations_out_of_date(
    client, editor, published_article, spanish, publish
):
    other = factories.full_article(n_items=1, title="Walking after treatment")
    publish(other)
    up_to_date = translations.start_translation(other, "es", by=editor)
    republish(published_article, publish)
    client.force_login(editor)

    spanish_only = client.get("/admin/articles/article/?language=es").content.decode()
    listed = set(re.findall(r'href="/admin/articles/article/(\d+)/change/', spanish_only))
    assert listed == {str(spanish.pk), str(up_to_date.pk)}
    assert '<td class="field-language">Español</td>' in spanish_only  # the language column

    behind = client.get("/admin/articles/article/?translation_out_of_date=yes").content.decode()
    assert set(re.findall(r'href="/admin/articles/article/(\d+)/change/', behind)) == {str(spanish.pk)}
    unknown = client.get("/admin/articles/article/?language=zz&translation_out_of_date=perhaps")
    assert unknown.status_code == 200  # an unknown value shows the whole list
    assert len(set(re.findall(r'href="/admin/articles/article/(\d+)/change/', unknown.content.decode()))) == 4


# --- no N+1 --------------------------------------------------------------------


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return list(queries.captured_queries)


def test_the_translation_page_does_not_grow_with_its_sections(client, editor, publish):
    small, large = factories.full_article(n_items=1), factories.full_article(n_items=8)
    for article in (small, large):
        publish(article)
    few_sections = translations.start_translation(small, "es", by=editor)
    many_sections = translations.start_translation(large, "es", by=editor)
    assert Section.objects.filter(article=many_sections).count() == 8
    client.force_login(editor)

    few = queries_for(client, change_url(few_sections))
    many = queries_for(client, change_url(many_sections))

    assert len(few) == len(many), "\n".join(q["sql"][:150] for q in many)
