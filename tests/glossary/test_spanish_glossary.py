"""The glossary in Spanish: Spanish terms marked on Spanish articles with their Spanish
definitions, /es/glossary/ in Spanish alphabetical order (English, marked as such, for a
term not translated yet), the on/off switch, the print view and the visit sheet."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glossary.marking import alphabetical_key
from glossary.models import Term
from tests import factories
from tests.glossary.test_glossary_pages import get_page
from xrays import generations

pytestmark = pytest.mark.django_db

SPANISH_BODY = (
    "<p>La metástasis es cuando el cáncer llega a otra parte del cuerpo. "
    "Una mamografía no siempre la encuentra. La metástasis puede ocurrir pronto.</p>"
)


@pytest.fixture
def terms(db):
    return {
        "metastasis": factories.TermFactory(
            name="metastasis",
            variants="metastases\nmetastatic",
            definition="The spread of cancer to another part of the body.",
            name_es="metástasis",
            variants_es="metastásico\nmetastásica",
            definition_es="Cuando el cáncer se extiende a otra parte del cuerpo.",
        ),
        "mammogram": factories.TermFactory(
            name="mammogram",
            definition="An X-ray picture of the breast.",
            name_es="mamografía",
            definition_es="Una radiografía de la mama.",
        ),
        # Not translated yet.
        "oncologist": factories.TermFactory(name="oncologist", definition="A doctor who treats cancer."),
    }


@pytest.fixture
def spanish_article(terms, publish):
    source = factories.full_article(n_items=1, title="Early spread", slug="early-spread")
    section = source.sections.first()
    section.body = "<p>Metastasis can happen early; a mammogram may miss it. Ask your oncologist.</p>"
    section.save()
    publish(source)
    source.refresh_from_db()
    translation = factories.spanish_translation(
        source, title="Diseminación temprana", slug="diseminacion-temprana"
    )
    section = translation.sections.first()
    section.body = SPANISH_BODY
    section.save()
    question = translation.doctor_questions.first()
    question.text = "¿Mi cáncer es metastásico?"
    question.save()
    publish(translation)
    translation.refresh_from_db()
    return translation


def test_a_spanish_reader_sees_spanish_terms_marked_with_spanish_definitions(client, spanish_article):
    response, page = get_page(client, "/es/articles/diseminacion-temprana/")
    html = response.content.decode()
    linked = {link["href"] for link in page.term_links}
    assert linked == {"/es/glossary/#metastasis", "/es/glossary/#mammogram"}
    assert "<strong>metástasis:</strong> Cuando el cáncer se extiende a otra parte del cuerpo." in html
    assert "<strong>mamografía:</strong> Una radiografía de la mama." in html
    assert "The spread of cancer" not in html
    # Only the first use in the section is marked; no word is lost.
    assert page.text.count("metástasis") >= 2
    assert "metástasis puede ocurrir pronto" in page.text


def test_the_english_article_still_marks_english_terms_in_english(client, spanish_article):
    response, page = get_page(client, "/articles/early-spread/")
    html = response.content.decode()
    assert {link["href"] for link in page.term_links} == {
        "/glossary/#metastasis",
        "/glossary/#mammogram",
        "/glossary/#oncologist",
    }
    assert "<strong>metastasis:</strong> The spread of cancer to another part of the body." in html
    assert "Cuando el cáncer" not in html


def test_an_english_article_in_the_spanish_interface_is_marked_with_english_terms(client, terms, publish):
    article = factories.full_article(n_items=1, slug="only-english")
    section = article.sections.first()
    section.body = "<p>A mammogram can find breast cancer.</p>"
    section.save()
    publish(article)
    response, page = get_page(client, "/es/articles/only-english/")
    assert [link["href"] for link in page.term_links] == ["/es/glossary/#mammogram"]
    assert "<strong>mammogram:</strong> An X-ray picture of the breast." in response.content.decode()


def test_a_term_without_spanish_is_not_marked_in_spanish_text(client, spanish_article):
    section = spanish_article.sections.first()
    assert "oncologist" not in section.body
    _, page = get_page(client, "/es/articles/diseminacion-temprana/")
    assert "/es/glossary/#oncologist" not in {link["href"] for link in page.term_links}


def test_the_spanish_glossary_lists_spanish_terms_alphabetically_with_english_ones_marked(client, terms):
    factories.TermFactory(name="nodule", definition="A small lump.", name_es="ñandú", definition_es="Un ave.")
    factories.TermFactory(
        name="organ", definition="A body part.", name_es="órgano", definition_es="Una parte del cuerpo."
    )
    response, page = get_page(client, "/es/glossary/")
    html = response.content.decode()
    assert page.order.index("mammogram") < page.order.index("metastasis")
    # ñ after every n and before o; accents do not change the order.
    names = [
        page.by_id[slug].split()[0] for slug in ["mammogram", "metastasis", "nodule", "oncologist", "organ"]
    ]
    assert names == ["mamografía", "metástasis", "ñandú", "oncologist", "órgano"]
    order = [
        slug for slug in page.order if slug in {"mammogram", "metastasis", "nodule", "oncologist", "organ"}
    ]
    assert order == ["mammogram", "metastasis", "nodule", "oncologist", "organ"]
    assert "Una radiografía de la mama." in page.by_id["mammogram"]
    # The untranslated term is shown in English, and says so.
    assert '<div class="glossary-entry" id="oncologist" lang="en">' in html
    assert '<div class="glossary-entry" id="mammogram">' in html
    assert "Palabras médicas que usamos en nuestros artículos" in html
    assert "<h1>Glosario</h1>" in html


def test_the_english_glossary_is_unchanged_by_spanish_terms(client, terms):
    response, page = get_page(client, "/glossary/")
    assert page.by_id["metastasis"].split()[0] == "metastasis"
    assert "mamografía" not in response.content.decode()
    assert 'lang="en"' not in response.content.decode().split("<main", 1)[-1]


def test_turning_the_glossary_off_on_a_spanish_page_takes_the_reader_back_there_unmarked(
    client, spanish_article
):
    response = client.get("/es/glossary/switch/?state=off&next=/es/articles/diseminacion-temprana/")
    assert response.status_code == 302
    assert response["Location"] == "/es/articles/diseminacion-temprana/"
    _, page = get_page(client, "/es/articles/diseminacion-temprana/")
    assert page.term_links == []
    assert "metástasis" in page.text
    client.get("/es/glossary/switch/?state=on&next=/es/articles/diseminacion-temprana/")
    _, page = get_page(client, "/es/articles/diseminacion-temprana/")
    assert len(page.term_links) == 2


def test_the_spanish_print_view_lists_the_spanish_terms_used(client, spanish_article):
    response = client.get("/es/articles/diseminacion-temprana/print/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<dt>metástasis</dt><dd>Cuando el cáncer se extiende a otra parte del cuerpo.</dd>" in html
    assert "<dt>mamografía</dt>" in html
    assert "<dt>metastasis</dt>" not in html


def test_the_spanish_visit_sheet_lists_the_spanish_terms_alphabetically(client, spanish_article):
    response = client.get("/es/articles/diseminacion-temprana/visit-sheet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("<dt>mamografía</dt>") < html.index("<dt>metástasis</dt>")
    assert "<dd>Una radiografía de la mama.</dd>" in html
    assert "<dt>mammogram</dt>" not in html


def test_a_new_spanish_definition_reaches_the_cached_spanish_page(client, spanish_article, terms):
    client.get("/es/articles/diseminacion-temprana/")
    assert client.get("/es/articles/diseminacion-temprana/").get("X-Page-Cache") == "hit"
    term = terms["metastasis"]
    term.definition_es = "Cuando células del cáncer llegan a otro órgano."
    term.save()
    response = client.get("/es/articles/diseminacion-temprana/")
    assert (
        "<strong>metástasis:</strong> Cuando células del cáncer llegan a otro órgano."
        in response.content.decode()
    )
    glossary = client.get("/es/glossary/").content.decode()
    assert "Cuando células del cáncer llegan a otro órgano." in glossary


def queries_for(client, url):
    client.get(url)
    generations.bump("query-count-test")  # a page-cache miss; the glossary stays cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["", "print/", "visit-sheet/"])
def test_a_spanish_article_page_costs_the_same_queries_as_its_english_source(client, spanish_article, page):
    english = queries_for(client, f"/articles/early-spread/{page}")
    spanish = queries_for(client, f"/es/articles/diseminacion-temprana/{page}")
    assert spanish == english


def test_a_spanish_term_needs_both_its_word_and_its_definition(terms):
    term = Term(
        name="biopsy", slug="biopsy", definition="Taking a little tissue to look at.", name_es="biopsia"
    )
    with pytest.raises(ValidationError, match="both the Spanish term and its Spanish definition"):
        term.full_clean()
    term.definition_es = "Tomar un poco de tejido para examinarlo."
    term.full_clean()


def test_a_spanish_form_can_belong_to_only_one_term(terms):
    term = Term(
        name="spread",
        slug="spread",
        definition="Moving elsewhere.",
        name_es="diseminación",
        variants_es="Metastásico",
        definition_es="Pasar a otro lugar.",
    )
    with pytest.raises(ValidationError, match='"Metastásico" already belongs to the term "metastasis"'):
        term.full_clean()
    # The same letters in English text are another language's word: no clash.
    term.variants_es = ""
    term.variants = "mamografía"
    term.full_clean()


def test_an_editor_writes_the_spanish_beside_the_english_in_the_admin(admin_client, terms):
    response = admin_client.get(f"/admin/glossary/term/{terms['oncologist'].pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('name="definition"') < html.index('name="name_es"') < html.index('name="definition_es"')
    response = admin_client.post(
        f"/admin/glossary/term/{terms['oncologist'].pk}/change/",
        {
            "name": "oncologist",
            "slug": "oncologist",
            "variants": "oncologists",
            "definition": "A doctor who treats cancer.",
            "name_es": "oncólogo",
            "variants_es": "oncóloga\noncólogos",
            "definition_es": "Un médico que trata el cáncer.",
        },
    )
    assert response.status_code == 302
    term = Term.objects.get(pk=terms["oncologist"].pk)
    assert term.forms_in("es") == ["oncólogo", "oncóloga", "oncólogos"]
    assert admin_site._registry[Term].list_display == ["name", "name_es", "definition"]


def test_odd_input_on_the_spanish_glossary_pages_never_fails(client, terms):
    assert client.head("/es/glossary/").status_code == 200
    # NUL bytes get the site's own clear "bad request" page (xrays request checks).
    assert client.get("/es/glossary/switch/?state=off&next=%00/es/").status_code == 400
    response = client.get("/es/glossary/switch/?state=off&next=" + "x" * 20000)
    assert response.status_code == 302 and response["Location"] == "/es/"  # too long to be an address
    assert client.get("/es/glossary/switch/?next=https://evil.example/")["Location"] == "/es/"
    assert client.get("/es/glossary/switch/?state=" + "ñ" * 20000)["Location"] == "/es/"


def test_spanish_alphabetical_order_ignores_accents_and_puts_n_tilde_after_n():
    words = ["oncólogo", "ñandú", "nódulo", "Órgano", "mamografía", "metástasis", "niño"]
    assert sorted(words, key=alphabetical_key) == [
        "mamografía",
        "metástasis",
        "niño",
        "nódulo",
        "ñandú",
        "oncólogo",
        "Órgano",
    ]
