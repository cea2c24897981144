"""The text of an article (articles/text.py): what search indexes, what the reading level
reads and where glossary terms are looked for. The rich-text editor writes blocks with
nothing between them, and their words must stay apart all the same."""

import importlib

import pytest
from django.apps import apps

from articles.models import PublishedVersion
from articles.public.search import search_page, search_published
from articles.text import article_text, html_to_text, text_blocks
from tests import factories

# Typed in the editor: no white space between paragraphs, lists and list items.
BODY = "<p>Cancer can spread.</p><p>Chemotherapy helps.</p><ul><li>first</li><li>Radiotherapy</li></ul>"


@pytest.fixture
def typed_without_spaces(publish):
    article = factories.ArticleFactory(title="Treatment after surgery", summary="What helps.")
    factories.SectionFactory(article=article, heading="Findings", body=BODY)
    return publish(article)


def found(query):
    return [version.title for version in search_published(query)]


# --- search ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_finds_a_word_that_starts_a_second_paragraph(typed_without_spaces):
    assert found("chemotherapy") == ["Treatment after surgery"]


@pytest.mark.django_db
def test_search_finds_a_word_that_starts_a_list_item(typed_without_spaces):
    assert found("radiotherapy") == ["Treatment after surgery"]
    assert found("first radiotherapy") == ["Treatment after surgery"]


@pytest.mark.django_db
def test_the_search_result_shows_the_words_of_neighbouring_blocks_apart(typed_without_spaces):
    [version] = search_page("chemotherapy", 1, 10).object_list
    assert "spread. <mark>Chemotherapy</mark> helps." in version.snippet
    [version] = search_page("radiotherapy", 1, 10).object_list
    assert "first <mark>Radiotherapy</mark>" in version.snippet


@pytest.mark.django_db
def test_versions_published_before_the_fix_are_found_once_their_text_is_made_again(typed_without_spaces):
    # As the text was made before: tags stripped, blocks run together.
    PublishedVersion.objects.update(
        body_text="Findings\nCancer can spread.Chemotherapy helps.firstRadiotherapy"
    )
    migration = importlib.import_module("articles.migrations.0010_body_text_keeps_block_boundaries")
    migration.remake_body_text(apps, None)
    assert PublishedVersion.objects.get().body_text == (
        "Findings\nCancer can spread.\nChemotherapy helps.\nfirst\nRadiotherapy"
    )
    assert found("radiotherapy") == ["Treatment after surgery"]


# --- glossary terms on paper ------------------------------------------------------------


@pytest.mark.django_db
def test_the_visit_sheet_and_print_list_a_term_that_starts_the_next_section(client, publish):
    factories.TermFactory(name="metastasis", definition="Cancer spreading to a new place.")
    article = factories.ArticleFactory(slug="two-parts", summary="What was found.")
    # Text without a paragraph around it, as a section body may hold.
    factories.SectionFactory(article=article, heading="Findings", body="Cells spread in breast cancer")
    factories.SectionFactory(article=article, heading="Meaning", body="Metastasis is rare.")
    publish(article)
    for page in ("visit-sheet", "print"):
        html = client.get(f"/articles/two-parts/{page}/").content.decode()
        assert "<dt>metastasis</dt>" in html, page


# --- the text of HTML -------------------------------------------------------------------


def test_paragraphs_headings_and_quotes_become_lines_of_their_own():
    html = "<h2>What it means</h2><p>Cells spread.</p><blockquote>It is early.</blockquote><p>Ask.</p>"
    assert html_to_text(html) == "What it means\nCells spread.\nIt is early.\nAsk."


def test_a_line_break_or_a_rule_separates_the_words_around_it():
    assert html_to_text("<p>Call us<br>today</p>") == "Call us\ntoday"
    assert html_to_text("<p>Call us<br/>today</p><hr>Thanks") == "Call us\ntoday\nThanks"


def test_list_items_nested_lists_and_definitions_are_lines_of_their_own():
    html = "<ol><li>bone<ul><li>spine</li><li>hip</li></ul></li><li>brain</li></ol><dl><dt>ER</dt><dd>estrogen</dd></dl>"
    assert html_to_text(html) == "bone\nspine\nhip\nbrain\nER\nestrogen"


def test_a_table_row_is_one_line_with_its_cells_apart():
    html = "<table><caption>Doses</caption><tr><th>Drug</th><th>Dose</th></tr><tr><td>A</td><td>1 mg</td></tr></table>"
    assert html_to_text(html) == "Doses\nDrug Dose\nA 1 mg"
    # For the reading level each cell is a block (a sentence) of its own.
    assert text_blocks(html) == ["Doses", "Drug", "Dose", "A", "1 mg"]


def test_entities_are_read_as_the_characters_they_stand_for():
    assert html_to_text("<p>HER2&#8209;positive &amp; ER&nbsp;negative &lt;50&gt;</p>") == (
        "HER2\u2011positive & ER negative <50>"
    )


def test_words_split_by_inline_tags_stay_one_word():
    assert html_to_text("<p>meta<b>stasis</b></p>") == "metastasis"
    assert html_to_text('<p><em>primary</em> <a href="/t">tumor</a>s</p>') == "primary tumors"


def test_white_space_of_the_html_source_is_tidied():
    assert html_to_text("\n<p>Cells   spread\n early.</p>\n\n<p> </p>  ") == "Cells spread early."
    assert html_to_text("") == "" and html_to_text(None) == ""


def test_links_can_be_followed_by_their_target():
    html = '<p>See <a href="https://www.cancer.gov/">this page</a>.</p>'
    assert html_to_text(html) == "See this page."
    assert html_to_text(html, links=True) == "See this page [→ https://www.cancer.gov/]."


# --- the text of an article -------------------------------------------------------------


def test_the_text_of_an_article_holds_its_parts_as_readers_read_them():
    content = {
        "title": "Early spread",
        "summary": "Cells leave early.",
        "sections": [
            {"heading": "Findings", "toc_label": "", "anchor": "f", "body": BODY},
            {"heading": "Meaning", "toc_label": "", "anchor": "m", "body": ""},
        ],
        "doctor_questions": ["Has my cancer spread?"],
    }
    text = article_text(content)
    assert text.title == "Early spread" and text.summary == "Cells leave early."
    assert [(s.heading, s.blocks) for s in text.sections] == [
        ("Findings", ("Cancer can spread.", "Chemotherapy helps.", "first", "Radiotherapy")),
        ("Meaning", ()),
    ]
    assert text.questions == ("Has my cancer spread?",)
    # What search indexes: each heading, then its blocks, a line each.
    assert text.body_text == "Findings\nCancer can spread.\nChemotherapy helps.\nfirst\nRadiotherapy\nMeaning"
