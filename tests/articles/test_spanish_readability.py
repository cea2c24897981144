"""The reading level of a Spanish draft: graded by Crawford's formula, made for Spanish
on the same scale of years at school, not by Flesch-Kincaid's English weights; the
English list of medical words is not applied to it."""

import re

import pytest
from django.utils.html import strip_tags

from articles.admin import readability
from tests import factories

SPANISH = (
    "Dos estudios en ratones encontraron que las células del cáncer pueden salir de la mama "
    "temprano. Es una investigación en una etapa inicial."
)


def test_a_spanish_text_is_graded_by_crawford_s_formula():
    # "La casa es grande.": 4 words, 1 sentence, 6 syllables (la, ca-sa, es, gran-de):
    # -0.205 x 25 + 0.049 x 150 - 3.407 = -1.182
    assert readability.grade("La casa es grande.", "es") == -1.2
    assert readability.grade("", "es") is None


def test_the_english_formula_would_grade_the_same_spanish_text_years_harder():
    assert readability.grade(SPANISH, "en") - readability.grade(SPANISH, "es") > 3


@pytest.mark.django_db
def test_a_translator_sees_the_spanish_grade_and_no_english_word_list(client, editor, published_article):
    translation = factories.spanish_translation(published_article, slug="propagacion")
    section = translation.sections.first()
    section.body = f"<p>{SPANISH} Un carcinoma metastásico.</p>"
    section.save()
    client.force_login(editor)
    page = strip_tags(client.get(f"/admin/articles/article/{translation.pk}/change/").content.decode())
    text = re.sub(r"\s+", " ", page)
    assert "Grade (Crawford, for Spanish)" in text
    assert "Flesch–Kincaid" not in text
    assert "Medical words without a glossary entry:" not in text
    compare = strip_tags(client.get(f"/admin/articles/article/{translation.pk}/compare/").content.decode())
    assert "Reading grade (Crawford, for Spanish; target 8 or below)" in re.sub(r"\s+", " ", compare)
