"""Readers find an article whichever way they spell a word, British or American,
singular or plural, on SQLite and on PostgreSQL alike; and whatever they type, search
answers."""

import io

import pytest
from django.core.management import call_command

from articles.demo import TITLE
from articles.public.search import search_published
from tests import factories

pytestmark = pytest.mark.django_db


def article_with(publish, title, summary, body):
    article = factories.ArticleFactory(title=title, summary=summary)
    factories.SectionFactory(article=article, heading="Findings", body=f"<p>{body}</p>")
    publish(article)
    return article


def found(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [version.title for version in response.context["page_obj"]]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


def test_tumour_finds_the_example_which_says_tumor(client, demo):
    assert found(client, "tumour") == [TITLE]
    assert found(client, "primary tumours") == [TITLE]
    # The snippet marks the spelling the article uses.
    assert "<mark>tumor</mark>" in client.get("/search/", {"q": "tumour"}).text


def test_tumor_finds_an_article_that_says_tumour(client, publish):
    article_with(publish, "Scans after surgery", "What the scans look for.", "A small tumour may show.")
    assert found(client, "tumor") == ["Scans after surgery"]
    assert found(client, "tumors") == ["Scans after surgery"]


def test_travelers_finds_travellers_and_back(client, publish):
    article_with(publish, "Cancer care abroad", "Advice for travellers.", "Plan ahead.")
    article_with(publish, "Vaccines before a trip", "Travelers' questions.", "Ask early.")
    assert sorted(found(client, "travelers")) == ["Cancer care abroad", "Vaccines before a trip"]
    assert sorted(found(client, "travellers")) == ["Cancer care abroad", "Vaccines before a trip"]


def test_a_plural_finds_the_singular_and_back(client, publish):
    article_with(publish, "Screening news", "About the mammogram.", "One scan a year.")
    article_with(publish, "Biopsy results", "What the reports say.", "Read the report.")
    assert found(client, "mammograms") == ["Screening news"]
    assert found(client, "report") == ["Biopsy results"]


def test_oesophagus_and_esophagus_find_each_other(client, publish):
    article_with(publish, "Swallowing after treatment", "Care of the oesophagus.", "Eat slowly.")
    article_with(publish, "A new scope", "Looking at the esophagus.", "Less discomfort.")
    both = ["A new scope", "Swallowing after treatment"]
    assert sorted(found(client, "oesophagus")) == both
    assert sorted(found(client, "esophagus")) == both


def test_haematology_and_hematology_find_each_other(client, publish):
    article_with(publish, "Blood cancers", "Seen in haematology clinics.", "Ask your team.")
    article_with(publish, "Lab tests", "The hematology report.", "Normal ranges.")
    both = ["Blood cancers", "Lab tests"]
    assert sorted(found(client, "haematology")) == both
    assert sorted(found(client, "hematology")) == both
    assert sorted(found(client, "anemia leukaemia")) == []


def test_a_title_in_the_other_spelling_still_ranks_first(client, publish):
    article_with(publish, "Living with treatment", "Practical advice.", "tumor " * 12)
    article_with(publish, "Tumor markers, explained", "A short guide.", "Blood tests.")
    article_with(publish, "Sizes on a scan", "About tumor size.", "Measured in millimetres.")
    assert found(client, "tumours") == [
        "Tumor markers, explained",
        "Sizes on a scan",
        "Living with treatment",
    ]
    assert found(client, "millimeters") == ["Sizes on a scan"]


def test_words_after_a_minus_and_quoted_phrases_work_on_every_database(client, publish):
    article_with(publish, "Primary tumour growth", "In mice.", "The primary tumour grows.")
    article_with(publish, "Tumour sampling", "In people.", "A tumour that is primary to the breast.")
    assert found(client, '"primary tumor"') == ["Primary tumour growth"]
    assert found(client, "tumor -mice") == ["Tumour sampling"]
    assert found(client, "mice or people") == ["Tumour sampling", "Primary tumour growth"]


HOSTILE = [
    '"',
    '""""',
    "*",
    "metastasis*",
    "NEAR(metastasis spread)",
    "NEAR",
    "-",
    "- - -",
    "-metastasis",
    ":",
    "title:metastasis",
    "{title}: metastasis",
    "^metastasis",
    "metastasis AND OR NOT",
    "((metastasis",
    "!!!",
    "+",
    "\\",
    "'; DROP TABLE articles_publishedversion; --",
    "x" * 20000,
    "metastasis " * 2000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_gets_an_answer_never_a_server_error(client, publish, query):
    article_with(publish, "Metastasis in breast cancer", "A study in mice.", "Cells spread.")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["page_obj"] is not None


def test_a_nul_byte_in_the_words_is_refused_with_a_page_and_never_reaches_the_database(client, publish):
    article_with(publish, "Metastasis in breast cancer", "A study in mice.", "Cells spread.")
    # The site refuses control characters in any address (xrays/request_checks.py): a
    # short 400 page, not a server error.
    assert client.get("/search/?q=metastasis%00").status_code == 400
    # Search itself reads them as a space, on PostgreSQL too.
    assert [v.title for v in search_published("metastasis\x00spread")] == ["Metastasis in breast cancer"]
