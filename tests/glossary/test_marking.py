"""Glossary terms in article text: the first use of a term in a section links to the
glossary and carries a hidden definition; the reader's words are never changed."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from glossary.marking import Glossary
from glossary.models import Term
from tests import factories

METASTASIS_DEFINITION = "When cancer cells spread from where they started to other parts of the body."


def term(name, variants="", definition="A plain explanation.", slug=None):
    return Term(
        name=name, slug=slug or name.replace(" ", "-").lower(), definition=definition, variants=variants
    )


@pytest.fixture
def glossary():
    return Glossary.from_terms(
        [
            term("metastasis", "metastases\nmetastatic", METASTASIS_DEFINITION),
            term("lymph node", "lymph nodes", "A small bean-shaped gland that is part of the immune system."),
            term("breast cancer", definition="Cancer that starts in the breast."),
            term("cancer", definition="A disease in which cells grow out of control."),
        ],
        "/glossary/",
    )


class Page(HTMLParser):
    """What a marked piece of HTML offers a reader."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.term_links = []  # attrs + "text"
        self.definitions = {}  # id -> attrs + "text"
        self.ids = []
        self.tags = []
        self.visible = ""  # the text, without the hidden definitions
        self._stack = []  # (tag, record or None, hidden)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        classes = (attrs.get("class") or "").split()
        record = None
        if "term-link" in classes:
            record = {**attrs, "text": ""}
            self.term_links.append(record)
        elif "term-definition" in classes:
            record = {**attrs, "text": ""}
            self.definitions[attrs.get("id")] = record
        hidden = "term-definition" in classes or self._hidden()
        if tag not in {"br", "hr", "img", "wbr"}:
            self._stack.append((tag, record, hidden))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, record, _ in self._stack:
            if record is not None:
                record["text"] += data
        if not self._hidden():
            self.visible += data

    def _hidden(self):
        return any(hidden for _, _, hidden in self._stack)


def visible_text(html):
    return Page(html).visible


# --- The first use is marked --------------------------------------------------------------


def test_the_first_use_of_a_term_links_to_the_glossary_with_its_definition(glossary):
    html, used = glossary.mark("<p>Doctors call this metastasis.</p>", "how-it-spreads")
    page = Page(html)
    [link] = page.term_links
    assert link["href"] == "/glossary/#metastasis"
    assert link["text"] == "metastasis"
    definition = page.definitions[link["aria-describedby"]]
    assert definition["role"] == "tooltip"
    assert "hidden" in definition
    assert definition["text"] == f"metastasis: {METASTASIS_DEFINITION}"
    assert [entry.slug for entry in used] == ["metastasis"]


def test_only_the_first_use_in_a_section_is_marked(glossary):
    html, used = glossary.mark(
        "<p>Metastasis is common.</p><p>Metastases can appear late; metastasis can also be early.</p>",
        "s",
    )
    page = Page(html)
    assert [link["text"] for link in page.term_links] == ["Metastasis"]
    assert [entry.slug for entry in used] == ["metastasis"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("<p>Metastases were found.</p>", "Metastases"),
        ("<p>Her cancer was METASTATIC.</p>", "METASTATIC"),
        ("<p>Metastatic disease</p>", "Metastatic"),
        ("<p>Two lymph nodes were removed.</p>", "lymph nodes"),
        ("<p>Lymph Node tests</p>", "Lymph Node"),
    ],
)
def test_variant_forms_match_whatever_the_case_and_keep_the_readers_spelling(glossary, text, word):
    html, _ = glossary.mark(text, "s")
    assert word in [link["text"] for link in Page(html).term_links]


@pytest.mark.parametrize(
    "text",
    [
        "<p>Doctors call this metastasis.</p>",
        "<p>Metastases, metastatic cells and metastasis.</p>",
        "<h2>Metastasis</h2><p>What is <em>metastasis</em>? (Metastasis.)</p>",
        '<p><a href="/x">metastasis</a> and lymph nodes; breast cancer is a cancer.</p>',
        "<ul><li>metastasis<br>lymph nodes</li></ul>",
        "<p>5 &lt; 6 &amp; metastasis &gt; 4</p>",
    ],
)
def test_the_readers_words_are_never_lost_or_changed(glossary, text):
    html, _ = glossary.mark(text, "s")
    assert visible_text(html) == visible_text(text)


def test_other_markup_is_kept_exactly(glossary):
    text = (
        '<p>See <a href="https://example.org/?a=1&amp;b=2" title="A &quot;quote&quot;">this</a>, '
        '<strong>metastasis</strong>.</p><ol start="2"><li>x</li></ol>'
    )
    html, _ = glossary.mark(text, "s")
    assert html.startswith(
        '<p>See <a href="https://example.org/?a=1&amp;b=2" title="A &quot;quote&quot;">this</a>, '
    )
    assert html.endswith('</strong>.</p><ol start="2"><li>x</li></ol>')


def test_a_longer_term_wins_over_a_shorter_one_inside_it(glossary):
    html, used = glossary.mark("<p>Breast cancer is the most common cancer.</p>", "s")
    assert [link["text"] for link in Page(html).term_links] == ["Breast cancer", "cancer"]
    assert [entry.slug for entry in used] == ["breast-cancer", "cancer"]


def test_each_section_marks_its_own_first_use(glossary):
    first, _ = glossary.mark("<p>metastasis</p>", "one")
    second, _ = glossary.mark("<p>metastasis</p>", "two")
    assert len(Page(first).term_links) == 1
    assert len(Page(second).term_links) == 1


# --- Where terms are not marked -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '<p><a href="https://example.org/">metastasis</a></p>',
        '<p><a href="https://example.org/"><em>metastasis</em> explained</a></p>',
        "<h2>Metastasis</h2>",
        "<h3>Metastasis</h3>",
        "<h4>Metastasis</h4>",
        "<h5>Metastasis</h5>",
        "<h6>Metastasis</h6>",
        "<h3>What <em>metastasis</em> means</h3>",
    ],
)
def test_terms_are_never_marked_inside_links_or_headings(glossary, text):
    html, used = glossary.mark(text, "s")
    assert html == text
    assert used == []


def test_a_term_first_used_in_a_link_is_marked_at_its_next_use_outside(glossary):
    html, _ = glossary.mark(
        '<p>Read <a href="https://example.org/">about metastasis</a>.</p><p>Metastasis is common.</p>', "s"
    )
    page = Page(html)
    assert [link["text"] for link in page.term_links] == ["Metastasis"]
    assert html.startswith(
        '<p>Read <a href="https://example.org/">about metastasis</a>.</p><p><span class="term">'
    )


def test_a_term_in_a_heading_is_marked_in_the_paragraph_below(glossary):
    html, _ = glossary.mark("<h2>Metastasis</h2><p>Metastasis is common.</p>", "s")
    assert html.startswith("<h2>Metastasis</h2><p>")
    assert len(Page(html).term_links) == 1


@pytest.mark.parametrize(
    "text",
    [
        "<p>premetastatic niches</p>",
        "<p>a metastasisless course</p>",
        "<p>metastasis2</p>",
        "<p>the lymph nodesize</p>",
        "<p>anticancer drugs</p>",
    ],
)
def test_only_whole_words_are_marked(glossary, text):
    html, used = glossary.mark(text, "s")
    assert html == text
    assert used == []


@pytest.mark.parametrize(
    "text", ["<p>(metastasis)</p>", "<p>metastasis.</p>", '<p>"Metastasis"</p>', "<p>metastasis, then</p>"]
)
def test_a_term_next_to_punctuation_is_marked(glossary, text):
    html, _ = glossary.mark(text, "s")
    assert len(Page(html).term_links) == 1
    assert visible_text(html) == visible_text(text)


# --- Escaping and ids -----------------------------------------------------------------------


def test_escaped_characters_in_the_text_stay_escaped(glossary):
    text = "<p>5 &lt; 6 &amp; metastasis &lt;b&gt;not bold&lt;/b&gt;</p>"
    html, _ = glossary.mark(text, "s")
    assert html.startswith("<p>5 &lt; 6 &amp; <span")
    assert html.endswith("</span></span> &lt;b&gt;not bold&lt;/b&gt;</p>")
    assert "<b>" not in html


def test_definitions_and_names_are_escaped():
    glossary = Glossary.from_terms(
        [term("metastasis", definition='Spread of <script>alert("x")</script> & <b>more</b>.')]
    )
    html, _ = glossary.mark("<p>metastasis</p>", "s")
    page = Page(html)
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    [definition] = page.definitions.values()
    assert definition["text"] == 'metastasis: Spread of <script>alert("x")</script> & <b>more</b>.'
    assert set(page.tags) == {"p", "span", "a", "strong"}


def test_two_sections_on_one_page_have_unique_ids(glossary):
    sections = [
        glossary.mark("<p>metastasis and lymph nodes</p>", "how-it-spreads")[0],
        glossary.mark("<p>Metastasis and a lymph node</p>", "what-it-means")[0],
    ]
    page = Page("".join(sections))
    assert len(page.term_links) == 4
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert duplicates == []
    # Every link is described by a definition on the page, and each by a different one.
    described_by = [link["aria-describedby"] for link in page.term_links]
    assert set(described_by) <= set(page.definitions)
    assert len(set(described_by)) == 4


def test_find_lists_the_terms_used_in_order_without_marking(glossary):
    found = glossary.find(
        '<h2>Cancer</h2><p>Lymph nodes and <a href="/x">metastasis</a>.</p><p>Metastatic cancer. Lymph node.</p>'
    )
    assert [entry.name for entry in found] == ["lymph node", "metastasis", "cancer"]


def test_without_terms_the_html_is_unchanged():
    html = "<p>metastasis</p>"
    assert Glossary.from_terms([]).mark(html, "s") == (html, [])


@pytest.mark.parametrize("text", ["<p>cancer in a lymph\nnode</p>", "<p>cancer in a lymph&nbsp;node</p>"])
def test_a_multi_word_term_is_marked_across_a_line_break(text):
    glossary = Glossary.from_terms([term("lymph node")])
    _, used = glossary.mark(text, "s")
    assert [entry.name for entry in used] == ["lymph node"]


@pytest.mark.parametrize(
    ("name", "text"), [("\u03bcg", "<p>5 \u00b5g a day</p>"), ("TGF-\u03b2", "<p>TGF-\u03d0 signalling</p>")]
)
def test_unusual_unicode_spellings_never_break_the_page(name, text):
    glossary = Glossary.from_terms([term(name, slug="t")])
    html, _ = glossary.mark(text, "s")
    assert visible_text(html) == visible_text(text)


# --- Terms and their forms -------------------------------------------------------------------


def test_a_terms_forms_are_its_name_and_each_variant():
    metastasis = term("metastasis", "metastases, metastatic\n\n  metastasize  \n")
    assert metastasis.forms == ["metastasis", "metastases", "metastatic", "metastasize"]


@pytest.mark.django_db
def test_a_term_gets_its_slug_from_its_name():
    assert factories.TermFactory(name="lymph node").slug == "lymph-node"
    assert Term.objects.get(name="lymph node").get_absolute_url() == "/glossary/#lymph-node"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("spread", "Metastases"),
        ("spread", "metastatic"),
        ("Metastases", ""),
        ("secondary", "cells\nMETASTASIS"),
    ],
)
def test_a_form_that_belongs_to_another_term_is_refused(name, variants):
    factories.TermFactory(name="metastasis", variants="metastases\nmetastatic")
    new = Term(name=name, slug="new", definition="d", variants=variants)
    with pytest.raises(ValidationError) as error:
        new.clean()
    assert "metastasis" in str(error.value)


@pytest.mark.django_db
def test_a_term_may_keep_its_own_forms_when_edited():
    factories.TermFactory(name="lymph node")
    metastasis = factories.TermFactory(name="metastasis", variants="metastases")
    metastasis.variants = "metastases\nmetastatic"
    metastasis.clean()
