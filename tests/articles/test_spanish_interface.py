"""The readers' article pages under /es/: every word of the interface in Spanish (the
home page, search, an audience's page, the example article, its printer-friendly page and
its doctor-visit sheet), none of the English interface left, and the English pages as they
were. The article's own words are the editors' (here English: no translation yet)."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from articles import demo
from articles.models import EntryType
from articles.page import ArticlePage
from tests import factories

pytestmark = pytest.mark.django_db

# Interface phrases that must not be left in English on a Spanish page (the main part:
# the header and footer are base.html's, tested with it).
ENGLISH_PHRASES = [
    "Read the original article",
    "Questions to ask your doctor",
    "Back to top",
    "Contents",
    "Print",
    "Printer friendly page",
    "Take this to your doctor",
    "At a glance",
    "Type of entry",
    "References",
    "Relevant for",
    "This article is relevant for",
    "Clinical trials",
    "Guidelines",
    "Resources",
    "Posted",
    "Updated",
    "Back to XRAYS home",
    "Back to the article",
    "Words used in this article",
    "Notes from my appointment",
    "Print or save as PDF",
    "Scan with a phone",
    "Filter articles",
    "Newest articles",
    "Any type",
    "Everyone",
    "Show",
    "Search articles",
    "Words to look for",
    "Show results",
    "Clear all filters",
    "Newer articles",
    "Older articles",
    "Article review",
    "Study review",
    "What the evidence is",
    "Glossary:",
    "turn off",
]


def main_part(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def interface_text(html, *editors_words):
    """The words of the page's main part, with the editors' own words taken out (they
    are the article's, in its language): what is left is the interface."""
    main = main_part(html)
    # The article's sections; its lists' items, audiences, references, evidence, questions
    # and glossary entries: plain lists, or lists with the editors' words only.
    for editors in (
        r'<div class="prose"[^>]*>.*?</div>',
        r'<ul(?: lang="[\w-]+")?>.*?</ul>',
        r'<nav class="pagination".*?</nav>',
        r'<ul class="(?:evidence|visit-checklist)">.*?</ul>',
        r'(?<=id="references-heading">)(.*?)</ol>',
        r"<dl>.*?</dl>",
        r'<p class="rationale">.*?</p>',
    ):
        main = re.sub(editors, " ", main, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    for words in editors_words:
        text = text.replace(words, " ")
    return text


def english_left(text):
    return [p for p in ENGLISH_PHRASES if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]


@pytest.fixture
def demo_content(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


@pytest.fixture
def rated_articles(publish):
    """Two published study reviews for one audience, rated, and nine older ones: the home
    page has two pages."""
    audience = factories.AudienceFactory(name="People with breast cancer", slug="breast-cancer")
    articles = []
    for n in range(11):
        article = factories.ArticleFactory(
            title=f"Breast cancer study {n}", slug=f"study-{n}", entry_type=EntryType.STUDY_REVIEW
        )
        lymphedema = " It also looked at lymphedema." if n == 7 else ""
        factories.SectionFactory(
            article=article, body=f"<p>Findings about tumors, number {n}.{lymphedema}</p>"
        )
        if n < 2:
            article.relevant_for.add(audience)
            factories.rate(article, "science", "low")
        publish(article)
        articles.append(article)
    return audience, articles


def test_a_spanish_reader_sees_the_example_article_with_every_label_in_spanish(client, demo_content):
    response = client.get(f"/es/articles/{demo.SLUG}/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    text = interface_text(html, demo.TITLE, demo.SUMMARY, *(s["toc_label"] for s in demo.SECTIONS))
    for spanish in (
        "Reseña de artículo",
        "Publicado el",
        "En resumen:",
        "Tipo de publicación:",
        "Contenido",
        "En esta página",
        "Volver arriba",
        "Lea el artículo original",
        "Versión para imprimir",
        "Hoja para llevar a su médico",
        "Preguntas para su médico",
        "Ensayos clínicos",
        "Guías clínicas",
        "Recursos",
        "Referencias",
        "Este artículo es relevante para:",
        "Volver al inicio de XRAYS",
        "Glosario:",
    ):
        assert spanish in text, spanish
    assert english_left(text) == []
    # The glossary pop-up's link takes its words from the page (static/js/site.js).
    assert 'data-glossary-more="Abrir en el glosario"' in html
    # The contents count their parts in Spanish, the plural included.
    assert re.search(r'Contenido <span class="toc-count">\(\d+ partes\)</span>', html)


def test_the_spanish_printer_friendly_page_and_its_print_button_speak_spanish(client, demo_content):
    html = client.get(f"/es/articles/{demo.SLUG}/print/", follow=True).content.decode()
    assert '<button type="button" class="print-button" data-print hidden>Imprimir</button>' in html
    assert "use la opción Imprimir de su navegador" in html
    assert ">Volver al artículo</a>" in html
    text = interface_text(html, demo.TITLE, demo.SUMMARY)
    assert "Publicado el" in text
    assert "Artículo original:" in text and "referencia 1 más abajo." in text
    assert "Palabras usadas en este artículo" in text
    assert '<h2 id="at-a-glance-heading">En resumen</h2>' in html
    assert "(versión para imprimir) · XRAYS</title>" in html
    assert english_left(text) == []


def test_the_spanish_doctor_visit_sheet_has_spanish_headings_and_checkbox_hints(client, demo_content):
    html = client.get(f"/es/articles/{demo.SLUG}/visit-sheet/", follow=True).content.decode()
    assert (
        '<button type="button" class="print-button" data-print hidden>Imprimir o guardar como PDF</button>'
        in html
    )
    text = interface_text(html, demo.TITLE, demo.SUMMARY)
    for spanish in (
        "Hoja para llevar a su médico",
        "Léalo en internet:",
        "Escanee con un teléfono para abrir el artículo.",
        "Preguntas para su médico",
        "Marque las que quiere hacer.",
        "Mis propias preguntas:",
        "Notas de mi consulta",
        "Esta hoja no reemplaza los consejos de su propio equipo de atención médica.",
    ):
        assert spanish in text, spanish
    # Each question still has its box, labelled by its own words.
    assert '<input type="checkbox" id="visit-question-1"> <label for="visit-question-1">' in html
    assert english_left(text) == []


def test_the_spanish_home_page_offers_filters_cards_and_pages_in_spanish(client, rated_articles):
    audience, _ = rated_articles
    html = client.get("/es/").content.decode()
    text = interface_text(html, audience.name, "Strength of science", "Low")
    for spanish in (
        "XRAYS: noticias sobre investigación del cáncer, explicadas",
        "Consejo Asesor Científico",
        "Filtrar artículos",
        "Mostrar artículos relevantes para",
        "Relevante para",
        "Tipo de publicación",
        "Artículos más recientes",
        "Reseña de estudio",
        "Publicado el",
        "Relevante para:",
    ):
        assert spanish in text, spanish
    # Dates read as Spanish does: "Publicado el 7 de diciembre de 2026".
    assert re.search(r'Publicado el <time datetime="\d{4}-\d\d-\d\d">\d{1,2} de [a-z]+ de \d{4}</time>', html)
    assert '<nav class="pagination" aria-label="Páginas">' in html
    assert '<li aria-current="page">Página 1 de 2</li>' in html
    assert 'rel="next">Artículos anteriores</a>' in html
    assert english_left(text) == []
    # The filter box counts what is in use, in Spanish.
    filtered = client.get("/es/?type=study_review&audience=breast-cancer").content.decode()
    assert "Filtrar artículos (2 activos)</summary>" in filtered
    assert "Solo se muestra: Reseña de estudio." in filtered
    assert "Artículos relevantes para People with breast cancer" in filtered


def test_a_spanish_reader_is_told_in_spanish_which_filter_was_not_understood(client, rated_articles):
    html = client.get("/es/?type=nonsense").content.decode()
    assert "No reconocemos el filtro “nonsense”, así que no se usó." in html
    html = client.get("/es/?type=nonsense&rating=nada").content.decode()
    assert "No reconocemos los filtros “nonsense”, “nada”, así que no se usaron." in html


def test_the_spanish_audience_page_lists_and_filters_in_spanish(client, rated_articles):
    audience, _ = rated_articles
    html = client.get(f"/es/audiences/{audience.slug}/").content.decode()
    text = interface_text(html, audience.name, "Strength of science", "Low")
    assert f"Artículos relevantes para {audience.name}" in html
    assert "Volver al inicio de XRAYS" in text and "Filtrar artículos" in text
    assert english_left(text) == []
    empty = client.get(f"/es/audiences/{audience.slug}/?type=personal_story").content.decode()
    assert f"Todavía no hay artículos publicados de este tipo para {audience.name}." in empty
    assert f"Mostrar todos los artículos para {audience.name}" in empty


def test_the_spanish_search_page_counts_results_with_spanish_plurals(client, rated_articles):
    one = client.get("/es/search/", {"q": "lymphedema"}).content.decode()
    assert "1 artículo encontrado para “lymphedema”" in one
    many = client.get("/es/search/", {"q": "tumors"}).content.decode()
    assert "11 artículos encontrados para “tumors”" in many
    text = interface_text(many, "Strength of science", "Low", "People with breast cancer")
    for spanish in ("Buscar artículos", "Palabras que quiere buscar", "Filtros", "Mostrar resultados"):
        assert spanish in text, spanish
    assert english_left(text) == []


def test_a_spanish_search_with_no_results_says_how_to_widen_it_in_spanish(client, rated_articles):
    html = client.get("/es/search/", {"q": "tumors", "type": "personal_story"}).content.decode()
    assert "Ningún artículo coincide con “tumors” con este filtro:" in html
    assert "Sin los filtros, 11 artículos coinciden con “tumors”" in html
    assert "quitar todos los filtros</a>." in html
    assert "Tipo de publicación: Historia personal" in html
    assert 'Quitar<span class="visually-hidden"> “Tipo de publicación: Historia personal”</span>' in html
    nothing = client.get("/es/search/", {"q": "zzzzqq"}).content.decode()
    assert "Pruebe con menos palabras, o con otra palabra que signifique lo mismo." in nothing
    assert "0 artículos encontrados" in nothing


def test_english_readers_keep_the_english_interface(client, demo_content, rated_articles):
    html = client.get(f"/articles/{demo.SLUG}/").content.decode()
    assert "Read the original article" in html and "Questions to ask your doctor" in html
    assert 'data-glossary-more="Open in the glossary"' in html
    home = client.get("/").content.decode()
    assert "Filter articles" in home and "Page 1 of 2" in home and "Study review" in home
    for spanish in ("Lea el artículo original", "Preguntas para su médico", "Filtrar artículos", "Página 1"):
        assert spanish not in html + home


def test_an_entry_type_is_named_in_the_readers_language_and_a_retired_one_by_its_stored_name():
    study = ArticlePage({"sections": [], "entry_type": {"value": "study_review", "name": "Study review"}})
    retired = ArticlePage({"sections": [], "entry_type": {"value": "press_release", "name": "Press release"}})
    with translation.override("es"):
        assert study.entry_type["name"] == "Reseña de estudio"
        assert retired.entry_type["name"] == "Press release"
    with translation.override("en"):
        assert study.entry_type["name"] == "Study review"
