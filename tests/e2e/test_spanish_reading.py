"""A Spanish reader in a real Chromium: the words scripts add come from the page, so the
glossary pop-up's link and the Print buttons speak Spanish under /es/ (the server-side
words are tests/articles/test_spanish_interface.py's)."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo
from tests.e2e.screens import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_PATH = f"/es/articles/{demo.SLUG}/"


def test_a_spanish_reader_taps_a_glossary_word_and_gets_a_link_to_the_glossary_in_spanish(
    live_server, new_context, demo_content
):
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + ARTICLE_PATH)
    word = page.locator(".term").first
    definition = word.locator(".term-definition")
    word.locator(".term-link").tap()
    expect(definition).to_be_visible()
    expect(definition.get_by_role("link", name="Abrir en el glosario")).to_be_visible()
    expect(page.get_by_text("Open in the glossary")).to_have_count(0)


def test_a_spanish_reader_opens_at_a_glance_and_the_contents_in_spanish(
    live_server, new_context, demo_content
):
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + ARTICLE_PATH)
    page.locator(".glance-details summary").tap()
    expect(page.locator(".at-a-glance")).to_contain_text("Tipo de publicación:")
    contents = page.locator(".toc-details summary")
    expect(contents).to_have_text(re.compile(r"^Contenido \(\d+ partes\)"))
    contents.tap()
    expect(page.locator("#contents").get_by_role("link", name="Preguntas para su médico")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "label"), [("print/", "Imprimir"), ("visit-sheet/", "Imprimir o guardar como PDF")]
)
def test_the_spanish_print_button_shows_with_its_script_and_the_hint_without(
    live_server, new_context, demo_content, path, label
):
    page = new_context().new_page()
    page.goto(live_server.url + ARTICLE_PATH + path)
    expect(page.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(page.locator("[data-print-hint]")).to_be_hidden()

    no_script = new_context(java_script_enabled=False).new_page()
    no_script.goto(live_server.url + ARTICLE_PATH + path)
    expect(no_script.get_by_role("button", name=label, exact=True)).to_be_hidden()
    expect(no_script.locator("[data-print-hint]")).to_contain_text("use la opción Imprimir de su navegador")
