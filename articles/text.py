"""The text of an article, made one way for everything that reads it: search (the
`body_text` of a published version, and its snippets), the reading level, the glossary
terms listed on the visit sheet and the printed page, and compare.

The rich-text editor writes blocks with nothing between them
(`<p>spread.</p><p>Chemotherapy</p>`). Stripping the tags runs the words of
neighbouring paragraphs, list items and cells together ("spread.Chemotherapy"), and
search then does not find them. Here every block ends a line and every table cell is
kept apart, while inline tags (`meta<b>stasis</b>`) leave a word whole.

Only the standard library is used, so that a migration can make the text of versions
published earlier: keep it that way (no models, nothing from articles.admin or
articles.public).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose text stands apart from what comes before and after them.
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
# Table cells: apart from each other, on the line of their row.
CELLS = frozenset({"td", "th"})


class _Lines(HTMLParser):
    """The text of HTML as lines, each the tuple of its cells' text (one cell unless
    the line is a table row); with `links`, each link's text is followed by its target."""

    def __init__(self, links=False):
        super().__init__(convert_charrefs=True)
        self.links = links
        self.hrefs = []
        self.lines, self.cells, self.pieces = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.end_line()
        elif tag in CELLS:
            self.end_cell()
        elif tag == "a" and self.links:
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.end_line()
        elif tag in CELLS:
            self.end_cell()
        elif tag == "a" and self.hrefs:
            href = self.hrefs.pop()
            if href:
                self.pieces.append(f" [→ {href}]")

    def handle_data(self, data):
        self.pieces.append(data)

    def end_cell(self):
        text = " ".join("".join(self.pieces).split())
        if text:
            self.cells.append(text)
        self.pieces = []

    def end_line(self):
        self.end_cell()
        if self.cells:
            self.lines.append(tuple(self.cells))
        self.cells = []


def _lines(html, links=False):
    parser = _Lines(links)
    parser.feed(html or "")
    parser.close()
    parser.end_line()
    return parser.lines


def html_to_text(html, *, links=False):
    """The text of `html`: a line per paragraph, heading, list item or table row (its
    cells apart by a space), entities read, white space tidied. With `links`, each
    link is followed by "[→ its target]"."""
    return "\n".join(" ".join(cells) for cells in _lines(html, links))


def text_blocks(html):
    """The text of `html` as blocks: each paragraph, heading, list item and table cell
    on its own, white space tidied."""
    return [cell for cells in _lines(html) for cell in cells]


@dataclass(frozen=True)
class SectionText:
    heading: str
    blocks: tuple  # of str, see text_blocks


@dataclass(frozen=True)
class ArticleText:
    """The words readers read in a snapshot: title, summary and questions as written
    (plain text), each section as its heading and the blocks of its body."""

    title: str
    summary: str
    sections: tuple  # of SectionText
    questions: tuple  # of str

    @property
    def section_blocks(self):
        """The blocks of every section's body, in order (without the headings)."""
        return [block for section in self.sections for block in section.blocks]

    @property
    def body_text(self):
        """What search reads besides the title and summary: each section's heading,
        then its blocks, a line each."""
        return "\n".join(line for s in self.sections for line in (s.heading, *s.blocks) if line)


def article_text(content):
    """The ArticleText of a snapshot (articles.snapshot.snapshot), of any format."""
    return ArticleText(
        title=content.get("title", ""),
        summary=content.get("summary", ""),
        sections=tuple(
            SectionText(section["heading"], tuple(text_blocks(section["body"])))
            for section in content.get("sections", [])
        ),
        questions=tuple(content.get("doctor_questions", [])),
    )
