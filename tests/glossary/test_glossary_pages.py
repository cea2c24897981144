"""The glossary page, and the reader's "Glossary on / off" switch on article pages."""

from html.parser import HTMLParser

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """Elements by id with their text, the term links, and the links by text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.by_id = {}
        self.order = []
        self.term_links = []
        self.links = []  # [href, text]
        self.text = ""
        self._open = []  # [tag, id or None]
        self._link = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "term-link" in (attrs.get("class") or "").split():
            self.term_links.append(attrs)
        if tag == "a":
            self._link = [attrs.get("href"), ""]
            self.links.append(self._link)
        if tag in {"br", "hr", "img", "input", "link", "meta", "wbr"}:
            return
        if attrs.get("id"):
            self.by_id[attrs["id"]] = ""
            self.order.append(attrs["id"])
        self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text += data
        for _, element_id in self._open:
            if element_id:
                self.by_id[element_id] += data
        if self._link is not None:
            self._link[1] += data


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, Page(response.content.decode())


# --- The glossary page ------------------------------------------------------------------------


def test_the_glossary_page_lists_every_term_with_its_definition_at_its_anchor(client):
    terms = [
        factories.TermFactory(
            name="metastasis", definition="When cancer spreads to other parts of the body."
        ),
        factories.TermFactory(name="lymph node", definition="A small gland that filters fluid."),
        factories.TermFactory(name="HER2+", slug="her2-positive", definition="Cancer cells with extra HER2."),
    ]
    _, page = get_page(client, "/glossary/")
    for term in terms:
        assert term.slug in page.by_id, term.slug
        assert term.name in page.by_id[term.slug]
        assert term.definition in page.by_id[term.slug]


def test_the_glossary_is_in_alphabetical_order(client):
    for name in ["metastasis", "biopsy", "lymph node"]:
        factories.TermFactory(name=name)
    _, page = get_page(client, "/glossary/")
    assert [i for i in page.order if i in {"metastasis", "biopsy", "lymph-node"}] == [
        "biopsy",
        "lymph-node",
        "metastasis",
    ]


def test_a_link_to_a_term_lands_on_its_entry(client):
    term = factories.TermFactory(name="lymph node")
    path, anchor = term.get_absolute_url().split("#")
    _, page = get_page(client, path)
    assert "lymph node" in page.by_id[anchor]


def test_definitions_on_the_glossary_page_are_shown_as_text(client):
    factories.TermFactory(name="metastasis", definition='Spread <script>alert("x")</script>.')
    response, page = get_page(client, "/glossary/")
    assert "<script>alert" not in response.content.decode()
    assert 'Spread <script>alert("x")</script>.' in page.by_id["metastasis"]


def test_an_empty_glossary_says_so(client):
    _, page = get_page(client, "/glossary/")
    assert "No terms yet." in page.text


# --- The on / off switch -------------------------------------------------------------------


def test_turning_the_glossary_off_returns_to_the_article_and_remembers_the_choice(client):
    response = client.get("/glossary/switch/", {"state": "off", "next": "/articles/x/"})
    assert response.status_code == 302
    assert response["Location"] == "/articles/x/"
    cookie = response.cookies["glossary"]
    assert cookie.value == "off"
    assert int(cookie["max-age"]) >= 30 * 24 * 60 * 60  # remembered for longer than a visit


@pytest.mark.parametrize(
    ("query", "expected"), [({"state": "on"}, "on"), ({}, "on"), ({"state": "maybe"}, "on")]
)
def test_anything_but_off_turns_the_glossary_on(client, query, expected):
    response = client.get("/glossary/switch/", {**query, "next": "/articles/x/"})
    assert response["Location"] == "/articles/x/"
    assert response.cookies["glossary"].value == expected


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/\\evil.example/",
        "http:evil.example",
    ],
)
def test_the_switch_never_sends_a_reader_to_another_site(client, next_url):
    response = client.get("/glossary/switch/", {"state": "off", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["glossary"].value == "off"


def test_the_switch_without_a_next_page_goes_home(client):
    response = client.get("/glossary/switch/", {"state": "off"})
    assert response["Location"] == "/"


# --- Article pages follow the reader's choice --------------------------------------------


@pytest.fixture
def article_url(published_article):
    factories.TermFactory(name="metastasis", definition="When cancer spreads.")
    return published_article.live_version.get_absolute_url()


def test_with_the_glossary_on_an_article_marks_its_terms(client, article_url):
    response, page = get_page(client, article_url)
    assert page.term_links
    assert {link["href"] for link in page.term_links} == {"/glossary/#metastasis"}
    assert "When cancer spreads." in response.content.decode()


def test_with_the_glossary_off_an_article_shows_the_words_unmarked(client, article_url):
    client.cookies["glossary"] = "off"
    response, page = get_page(client, article_url)
    html = response.content.decode()
    assert page.term_links == []
    assert "term-link" not in html
    assert "When cancer spreads." not in html
    assert "metastasis" in page.text


def test_a_reader_turns_the_glossary_off_and_on_from_the_article_page(client, article_url):
    _, page = get_page(client, article_url)
    [turn_off] = [href for href, text in page.links if text.strip() == "turn off"]

    response = client.get(turn_off)
    assert response["Location"] == article_url
    _, page = get_page(client, response["Location"])
    assert page.term_links == []
    [turn_on] = [href for href, text in page.links if text.strip() == "turn on"]

    response = client.get(turn_on)
    assert response["Location"] == article_url
    _, page = get_page(client, response["Location"])
    assert page.term_links


def test_an_article_page_tells_caches_it_depends_on_the_glossary_cookie(client, article_url):
    response = client.get(article_url)
    assert "cookie" in response["Vary"].lower()


def test_a_changed_definition_shows_on_article_pages_at_once(client, published_article):
    from glossary.models import Term

    term = Term.objects.create(name="metastasis", definition="First wording.")
    url = published_article.live_version.get_absolute_url()
    assert "First wording." in client.get(url).content.decode()
    term.definition = "Second wording."
    term.save()
    html = client.get(url).content.decode()
    assert "Second wording." in html and "First wording." not in html
    term.delete()
    assert "term-link" not in client.get(url).content.decode()
