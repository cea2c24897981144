"""Translators' files: the English of an article as a PO file that a translation agency's
tool reads, and the translated file back into the draft of the translation, refusing a
file made from another English version or anything that is not such a file."""

import io
import zipfile

import pytest
from babel.messages.pofile import read_po, write_po
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import snapshot, translation_files, translations, workflow
from articles.models import Article, DoctorQuestion, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(publish):
    article = factories.full_article(n_items=2, title="Early spread of breast cancer", slug="early-spread")
    publish(article)
    article.refresh_from_db()
    return article


@pytest.fixture
def translator(db):
    return factories.author(username="traductora")


def catalog_of(data: bytes):
    return read_po(io.BytesIO(data))


def with_translations(data: bytes, wanted: dict[str, str]) -> bytes:
    """What a translator's tool gives back: the file with some msgstrs filled in."""
    catalog = catalog_of(data)
    for message in catalog:
        if message.context in wanted:
            message.string = wanted[message.context]
    out = io.BytesIO()
    write_po(out, catalog)
    text = out.getvalue().decode()
    # Babel keeps only the standard header fields; tools such as Weblate keep ours.
    header = next(line for line in data.decode().splitlines() if line.startswith('"X-XRAYS-Source'))
    return text.replace('"Generated-By:', header + '\n"Generated-By:', 1).encode()


def test_the_export_has_one_entry_per_english_text_named_by_its_part(source):
    data = translation_files.export_po(source, "es")
    version = source.live_version
    assert f'"X-XRAYS-Source: {source.pk}/1/{version.fingerprint[:12]}\\n"'.encode() in data
    catalog = catalog_of(data)
    assert str(catalog.locale) == "es"
    entries = {m.context: (m.id, m.string) for m in catalog if m.id}
    part_0 = version.content["sections"][0]["anchor"]
    assert entries["title"] == ("Early spread of breast cancer", "")
    assert entries[f"section:{part_0}:heading"] == ("Part 0", "")
    assert entries[f"section:{part_0}:body"] == ("<p>Body text 0 about metastasis.</p>", "")
    assert entries["doctor_questions:2"] == ("Question 1?", "")
    assert entries["resources:1:title"] == ("Resource 0", "")
    assert entries["guidelines:1:issuing_body"] == ("NCCN", "")
    # Addresses and registry numbers are not words to translate.
    assert not any(context.endswith((":url", ":registry_id")) for context in entries)


def test_a_po_round_trip_changes_the_draft_exactly_where_the_file_was_translated(source, translator):
    spanish = translations.start_translation(source, "es", by=translator)
    exported = translation_files.export_po(source, "es")
    # The draft's text is each entry's translation (still the English it was started with).
    assert {m.string for m in catalog_of(exported) if m.context == "title"} == {source.title}
    before = snapshot.snapshot(spanish)
    anchor = before["sections"][1]["anchor"]

    translated = with_translations(
        exported, {f"section:{anchor}:body": "<p>Texto 1 sobre la metástasis.</p><script>x()</script>"}
    )
    result = translation_files.import_po(source, "es", translated, by=translator)

    after = snapshot.snapshot(result)
    assert result == spanish
    assert after["sections"][1]["body"] == "<p>Texto 1 sobre la metástasis.</p>x()"  # sanitised on save
    after["sections"][1]["body"] = before["sections"][1]["body"]
    assert after == before
    event = result.events.order_by("pk").last()
    assert event.action == WorkflowEvent.Action.EDITED and event.actor == translator
    assert event.comment == "Imported a translation file of English version 1: 1 text changed."


def test_every_text_of_one_part_is_kept_when_several_are_translated_at_once(source, translator):
    spanish = translations.start_translation(source, "es", by=translator)
    anchor = spanish.sections.first().anchor
    data = with_translations(
        translation_files.export_po(source, "es"),
        {
            f"section:{anchor}:heading": "Parte 0",
            f"section:{anchor}:body": "<p>Texto 0.</p>",
            "resources:1:title": "Recurso 0",
            "guidelines:2:issuing_body": "NCCN (en inglés)",
            "guidelines:2:title": "Guía clínica 1",
        },
    )
    translation_files.import_po(source, "es", data, by=translator)
    section = spanish.sections.get(anchor=anchor)
    assert (section.heading, section.body) == ("Parte 0", "<p>Texto 0.</p>")
    assert spanish.resources.first().title == "Recurso 0"
    guideline = spanish.guidelines.all()[1]
    assert (guideline.issuing_body, guideline.title) == ("NCCN (en inglés)", "Guía clínica 1")
    assert spanish.sections.count() == 2 and spanish.guidelines.count() == 2


def test_a_part_added_in_english_comes_into_the_translation_with_its_translated_words(
    source, translator, approve, editor
):
    spanish = translations.start_translation(source, "es", by=translator)
    first = source.sections.first()
    factories.SectionFactory(
        article=source, heading="What is new", body="<p>A new trial.</p>", order=first.order
    )
    DoctorQuestion.objects.create(article=source, order=9, text="Can I join the trial?")
    approve(source)
    workflow.publish(source, by=editor)
    data = with_translations(
        translation_files.export_po(source, "es"),
        {
            "section:what-is-new:heading": "Qué hay de nuevo",
            "section:what-is-new:body": "<p>Un ensayo nuevo.</p>",
            "doctor_questions:3": "¿Puedo participar en el ensayo?",
        },
    )
    spanish = translation_files.import_po(source, "es", data, by=translator)
    # In the translation where it is in English: after the first section.
    assert [(s.anchor, s.heading) for s in spanish.sections.all()] == [
        ("part-0", "Part 0"),
        ("what-is-new", "Qué hay de nuevo"),
        ("part-1", "Part 1"),
    ]
    assert (
        list(spanish.doctor_questions.values_list("text", flat=True))[-1] == "¿Puedo participar en el ensayo?"
    )
    assert not translations.is_out_of_date(spanish)


def test_importing_a_file_starts_the_translation_when_there_is_none(source, translator):
    data = with_translations(
        translation_files.export_po(source, "es"),
        {"title": "Propagación temprana del cáncer de mama", "doctor_questions:1": "¿Pregunta 0?"},
    )
    spanish = translation_files.import_po(source, "es", data, by=translator)
    assert spanish.translation_of == source and spanish.language == "es"
    assert spanish.title == "Propagación temprana del cáncer de mama"
    assert list(spanish.doctor_questions.values_list("text", flat=True)) == ["¿Pregunta 0?", "Question 1?"]
    assert spanish.translated_from == source.live_version


def test_a_file_made_from_an_older_english_version_is_refused_and_nothing_changes(
    source, translator, approve, editor
):
    spanish = translations.start_translation(source, "es", by=translator)
    old_file = with_translations(translation_files.export_po(source, "es"), {"title": "Título nuevo"})
    section = source.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    approve(source)
    workflow.publish(source, by=editor)
    before = snapshot.snapshot(spanish)

    with pytest.raises(ValidationError) as refused:
        translation_files.import_po(source, "es", old_file, by=translator)

    assert refused.value.messages == [
        "This file was made from English version 1 of “Early spread of breast cancer”, but version 2 "
        "is the one readers see now. Nothing was imported: export the file again (it keeps the "
        "translations already in the draft) and translate what changed."
    ]
    spanish.refresh_from_db()
    assert snapshot.snapshot(spanish) == before and spanish.title == source.title


def test_an_export_of_an_out_of_date_translation_marks_what_changed_in_english(
    source, translator, approve, editor
):
    spanish = translations.start_translation(source, "es", by=translator)
    anchor = spanish.sections.first().anchor
    translation_files.import_po(
        source,
        "es",
        with_translations(translation_files.export_po(source, "es"), {"title": "Propagación temprana"}),
        by=translator,
    )
    section = source.sections.first()
    section.body = "<p>New results from a trial in people.</p>"
    section.save()
    approve(source)
    workflow.publish(source, by=editor)

    archive = zipfile.ZipFile(io.BytesIO(translation_files.export_out_of_date()))
    assert archive.namelist() == ["early-spread.v2.es.po"]
    data = archive.read("early-spread.v2.es.po")
    catalog = catalog_of(data)
    body = catalog.get("<p>New results from a trial in people.</p>", context=f"section:{anchor}:body")
    assert body.fuzzy
    # The English it was translated from, as the previous msgid that PO editors show beside it.
    assert (
        f'#, fuzzy\n#| msgid "<p>Body text 0 about metastasis.</p>"\nmsgctxt "section:{anchor}:body"'
        in data.decode()
    )
    title = catalog.get("Early spread of breast cancer", context="title")
    assert title.string == "Propagación temprana" and not title.fuzzy

    # Translating the changed body and importing the new file brings the translation up to date.
    data = with_translations(
        archive.read("early-spread.v2.es.po"), {f"section:{anchor}:body": "<p>Nuevos resultados.</p>"}
    )
    spanish = translation_files.import_po(source, "es", data, by=translator)
    assert not translations.is_out_of_date(spanish)
    assert spanish.sections.get(anchor=anchor).body == "<p>Nuevos resultados.</p>"
    assert translation_files.export_out_of_date() != b"" and not Article.objects.translations_out_of_date()


def test_a_file_exported_from_another_article_is_refused(source, translator, publish):
    other = factories.full_article(title="Another review")
    publish(other)
    data = with_translations(translation_files.export_po(other, "es"), {"title": "Otra reseña"})
    with pytest.raises(ValidationError, match="exported from another article \\(“Another review”\\)"):
        translation_files.import_po(source, "es", data, by=translator)
    assert not source.translations.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Dear translator, here is the text.", "not a translation file exported from XRAYS"),
        (b'msgid ""\nmsgstr ""\n"X-XRAYS-Source: 1/1/abc\\n"\x00', "binary data"),
        (b"\xff\xfe\x00m\x00s\x00g", "binary data"),
        ('msgid "título"'.encode("latin-1"), "not UTF-8"),
        (b"#" * (translation_files.MAX_FILE_BYTES + 1), "too large"),
        (b"", "not a translation file"),
    ],
)
def test_a_file_that_is_not_an_xrays_po_file_is_refused_with_a_clear_message(
    source, translator, data, message
):
    with pytest.raises(ValidationError, match=message):
        translation_files.import_po(source, "es", data, by=translator)
    assert not source.translations.exists()


def test_a_broken_or_tampered_po_file_is_refused_and_nothing_changes(source, translator):
    spanish = translations.start_translation(source, "es", by=translator)
    good = translation_files.export_po(source, "es")
    broken = good.replace(b'msgctxt "title"', b'msgctxt "title"\nSee attached.', 1)
    with pytest.raises(ValidationError, match="cannot be read"):
        translation_files.import_po(source, "es", broken, by=translator)
    tampered = with_translations(good, {"title": "Título"}).replace(
        b'msgctxt "summary"', b'msgctxt "section:nowhere:body"', 1
    )
    tampered = tampered.replace(b'msgstr ""\n\n', b'msgstr "algo"\n\n', 2)
    with pytest.raises(ValidationError, match="section:nowhere:body: no such text in English version 1"):
        translation_files.import_po(source, "es", tampered, by=translator)
    too_long = with_translations(good, {"title": "T" * 20000, "summary": "Resumen."})
    with pytest.raises(ValidationError) as refused:
        translation_files.import_po(source, "es", too_long, by=translator)
    assert "title: Ensure this value has at most 250 characters (it has 20000)." in refused.value.messages
    spanish.refresh_from_db()
    assert spanish.title == source.title and spanish.summary == source.summary
    assert not spanish.events.filter(action=WorkflowEvent.Action.EDITED).exists()


def test_only_people_who_write_articles_import_translation_files(source):
    data = translation_files.export_po(source, "es")
    with pytest.raises(PermissionDenied):
        translation_files.import_po(source, "es", data, by=factories.reviewer(username="r2"))


def test_an_unpublished_or_untranslatable_article_has_no_file(source, translator):
    with pytest.raises(ValidationError, match="is not published"):
        translation_files.export_po(factories.full_article(), "es")
    with pytest.raises(ValidationError, match="Choose one of"):
        translation_files.export_po(source, "de")
    spanish = translations.start_translation(source, "es", by=translator)
    with pytest.raises(ValidationError, match="is a translation"):
        translation_files.export_po(spanish, "es")


# --- the admin's download and upload --------------------------------------------------


def export_url(article, language="es"):
    return reverse("admin:articles_article_translation_export", args=[article.pk]) + f"?language={language}"


def import_url(article):
    return reverse("admin:articles_article_translation_import", args=[article.pk])


def upload(data, name="early-spread.v1.es.po"):
    return SimpleUploadedFile(name, data, content_type="text/x-gettext-translation")


def test_a_translator_downloads_the_po_file_uploads_it_translated_and_lands_on_the_draft(
    client, source, translator
):
    client.force_login(translator)
    response = client.get(export_url(source))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="early-spread.v1.es.po"'
    assert response["Content-Type"] == "text/x-gettext-translation; charset=utf-8"

    form = client.get(import_url(source) + "?language=es")
    assert form.status_code == 200 and b'enctype="multipart/form-data"' in form.content
    assert client.head(import_url(source)).status_code == 200
    assert client.head(export_url(source)).status_code == 200

    data = with_translations(response.content, {"title": "Propagación temprana del cáncer de mama"})
    response = client.post(import_url(source), {"language": "es", "file": upload(data)}, follow=True)

    spanish = source.translations.get()
    assert response.redirect_chain == [(reverse("admin:articles_article_change", args=[spanish.pk]), 302)]
    assert "Imported the Español file: 1 text changed in the draft." in response.content.decode()
    assert spanish.title == "Propagación temprana del cáncer de mama"


def test_a_refused_upload_shows_the_form_again_with_the_reason(client, source, translator):
    client.force_login(translator)
    response = client.post(
        import_url(source), {"language": "es", "file": upload(b"Dear translator, here is the text.")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not a translation file exported from XRAYS" in page
    assert 'name="file"' in page
    assert not source.translations.exists()
    response = client.post(import_url(source), {"language": "xx"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_an_upload_needs_the_form_s_csrf_token(source, translator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(translator)
    data = translation_files.export_po(source, "es")
    assert client.post(import_url(source), {"language": "es", "file": upload(data)}).status_code == 403
    assert not source.translations.exists()


def test_the_files_are_for_people_who_write_articles(client, source):
    client.force_login(factories.reviewer(username="r2"))
    assert client.get(export_url(source)).status_code == 403
    assert client.get(import_url(source)).status_code == 403
    out_of_date = reverse("admin:articles_article_translations_out_of_date_export")
    assert client.get(out_of_date).status_code == 403
    client.logout()
    assert client.get(export_url(source)).status_code == 302  # to the log-in page


def test_an_unpublished_article_s_download_says_why_there_is_none(client, translator):
    client.force_login(translator)
    draft = factories.full_article(title="A draft")
    response = client.get(export_url(draft), follow=True)
    assert response.redirect_chain[0][0] == reverse("admin:articles_article_change", args=[draft.pk])
    assert "“A draft” is not published: there is nothing to translate yet." in response.content.decode()


def test_the_zip_of_everything_out_of_date_downloads_from_the_admin(
    client, source, translator, approve, editor
):
    client.force_login(translator)
    out_of_date = reverse("admin:articles_article_translations_out_of_date_export")
    response = client.get(out_of_date, follow=True)
    assert response.redirect_chain[0][0] == reverse("admin:articles_article_review_queue")
    assert "No translation is out of date" in response.content.decode()

    translations.start_translation(source, "es", by=translator)
    section = source.sections.first()
    section.body = "<p>New results.</p>"
    section.save()
    approve(source)
    workflow.publish(source, by=editor)
    response = client.get(out_of_date)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == ["early-spread.v2.es.po"]
