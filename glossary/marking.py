"""Marks glossary terms in sanitised HTML, on the server.

The first use of each term in a piece of HTML (one article section) becomes a link to
the term on the glossary page, described by a hidden definition that screen readers
announce and that a small script shows as a pop-up. The word itself always stays as
text, so nothing is lost without CSS or JavaScript. Text inside links and headings is
never marked.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.utils.html import format_html

# Where a term must not be marked: it would nest links or clutter headings.
SKIP_INSIDE = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "cite"})
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr"})


def form_key(text):
    """How a form is looked up: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


def alphabetical_key(text):
    """How a glossary sorts `text` in English and in Spanish alike: accents do not
    count ("órgano" sorts with "organo"), and ñ comes after every n ("nódulo" < "ñame"
    < "oncólogo"), as a Spanish dictionary has it."""
    letters = []
    for char in text.casefold():
        if char == "ñ":
            letters.append("n\U0010ffff")
            continue
        letters.append("".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)))
    return "".join(letters)


@dataclass(frozen=True)
class GlossaryEntry:
    name: str
    slug: str  # the anchor on the glossary page: the same in every language
    definition: str
    forms: tuple
    language: str = "en"  # the language of name and definition


@dataclass
class Glossary:
    """The terms to mark, compiled once per page."""

    entries: list
    page_url: str = "/glossary/"
    pattern: re.Pattern | None = field(init=False)
    by_form: dict = field(init=False)

    def __post_init__(self):
        self.by_form = {form_key(form): entry for entry in self.entries for form in entry.forms}
        forms = sorted(self.by_form, key=len, reverse=True)
        # Words of a multi-word term may be split by any white space (a line break, &nbsp;).
        alternatives = "|".join(r"\s+".join(re.escape(word) for word in f.split()) for f in forms)
        self.pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.I) if forms else None

    @classmethod
    def from_terms(cls, terms, page_url="/glossary/", language="en"):
        """The glossary of text in `language`: the terms that have words in it
        (glossary.models.Term.entry_in)."""
        entries = [entry for term in terms if (entry := term.entry_in(language)) is not None]
        return cls(entries, page_url)

    def mark(self, html, id_prefix):
        """Return (marked html, entries used in order of first use)."""
        if self.pattern is None or not html:
            return html, []
        marker = _Marker(self, id_prefix)
        marker.feed(html)
        marker.close()
        return "".join(marker.out), marker.used

    def find(self, html):
        """The entries used in `html`, in order of first use, without marking."""
        return self.mark(html, "find")[1]


class _Marker(HTMLParser):
    def __init__(self, glossary, id_prefix):
        super().__init__(convert_charrefs=True)
        self.glossary = glossary
        self.id_prefix = id_prefix
        self.out = []
        self.open_tags = []
        self.used = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in VOID_ELEMENTS:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.open_tags:
            # Close up to the matching tag; sanitised HTML is well formed.
            while self.open_tags and self.open_tags.pop() != tag:
                pass

    def handle_data(self, data):
        if any(tag in SKIP_INSIDE for tag in self.open_tags):
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for match in self.glossary.pattern.finditer(data):
            entry = self.glossary.by_form.get(form_key(match.group(0)))
            if entry is None or entry in self.used:
                continue
            self.used.append(entry)
            self.out.append(escape(data[position : match.start()], quote=False))
            self.out.append(self._term_html(entry, match.group(0)))
            position = match.end()
        self.out.append(escape(data[position:], quote=False))

    def _term_html(self, entry, word):
        definition_id = f"def-{self.id_prefix}-{entry.slug}"
        return str(
            format_html(
                '<span class="term">'
                '<a class="term-link" href="{page_url}#{slug}" aria-describedby="{id}">{word}</a>'
                '<span class="term-definition" role="tooltip" id="{id}" hidden>'
                "<strong>{name}:</strong> {definition}</span></span>",
                page_url=self.glossary.page_url,
                slug=entry.slug,
                id=definition_id,
                word=word,
                name=entry.name,
                definition=entry.definition,
            )
        )
