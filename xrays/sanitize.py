"""The one HTML sanitising policy. Every rich text an editor writes passes through
`sanitize_html` before it is stored, and pages render only the stored, sanitised value.

Deliberately absent (past bleach bypasses came from them): comments, `noscript`,
`svg`/`math` and any raw-text element such as `style`, `script`, `textarea`, `xmp`.

bleach's HTML parser takes time that grows with the square of the nesting depth (20,000
nested `<blockquote>` took over half a minute), so `validate_rich_text` refuses text that is
too long or nested too deeply before bleach sees it. Model fields run it as a validator,
so editors get a form error, and `sanitize_html` runs it again for every other caller.
"""

import re
from collections import Counter

import bleach
from django.core.exceptions import ValidationError

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "mark",
        "abbr",
        "cite",
        "q",
        "blockquote",
        "a",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "hr",
    }
)

ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    "ol": ["start"],
    "blockquote": ["cite"],
}

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


# A long review is about 20,000 characters of HTML; ten times that is plenty.
MAX_RICH_TEXT_LENGTH = 200_000
# Quotes in lists in tables with emphasis stay well under this.
MAX_NESTING_DEPTH = 20

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
VOID_ELEMENTS = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr".split()
)
# A formatting element may be moved rather than closed, and re-opened later, by an HTML
# parser (its "adoption agency" and "active formatting elements"), so the count closes
# one only at its own end tag, right after its content.
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
TABLE_PARTS = frozenset("caption colgroup tbody thead tfoot tr td th".split())
# Elements whose end tag may be left out, and the start tags that close them when they
# are the innermost open element: a new paragraph or block closes an open paragraph, a
# new list item the last item, a new cell the last cell.
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCKS = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
    "footer form header hgroup listing main menu nav ol pre section summary ul".split()
)
CLOSED_BY_START_TAG = {
    **{name: frozenset({"p"}) for name in _BLOCKS},
    **{name: frozenset({"p"}) | _HEADINGS for name in _HEADINGS},
    "p": frozenset({"p"}),
    "li": frozenset({"li", "p"}),
    "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}),
    "option": frozenset({"option"}),
    "tr": frozenset({"tr", "td", "th", "p"}),
    "td": frozenset({"td", "th", "p"}),
    "th": frozenset({"td", "th", "p"}),
    **{
        name: frozenset({"tbody", "thead", "tfoot", "tr", "td", "th", "p"})
        for name in ("tbody", "thead", "tfoot")
    },
}
# What the end tag of an enclosing element closes on its way: an element's own end tag
# closes the paragraphs, items and cells left open inside it.
_LEFT_OPEN = frozenset({"p", "li", "dt", "dd", "option"})
CLOSED_BY_END_TAG = {
    "table": _LEFT_OPEN | TABLE_PARTS,
    **{name: _LEFT_OPEN | TABLE_PARTS for name in TABLE_PARTS},
}


def nesting_depth(html: str, stop_above: int | None = None) -> int:
    """How deeply the elements of `html` nest, in one pass over its tags (no parser).

    Not less than the depth an HTML parser builds, but for the wrappers a parser adds on
    its own (`tbody`, `tr`), which at most double it: markup a parser would ignore, move
    or close by itself in ways this count does not follow counts as still open, so
    sloppy HTML may count deeper than it is, never much shallower. Stops counting once
    the depth passes `stop_above`."""
    stack, open_by_name, deepest = [], Counter(), 0

    def pop():
        open_by_name[stack.pop()] -= 1

    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if match.group(1):  # an end tag
            if open_by_name[name] and name not in FORMATTING:
                closes = CLOSED_BY_END_TAG.get(name, _LEFT_OPEN)
                while stack[-1] != name and stack[-1] in closes:
                    pop()
            if stack and stack[-1] == name:
                pop()
        elif name not in VOID_ELEMENTS:
            closes = CLOSED_BY_START_TAG.get(name, ())
            while stack and stack[-1] in closes:
                pop()
            stack.append(name)
            open_by_name[name] += 1
            deepest = max(deepest, len(stack))
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


def validate_rich_text(html: str) -> None:
    """Refuse, with a message an editor can act on, rich text too long or too deeply
    nested to sanitise in reasonable time. Model fields holding rich text use it as a
    validator."""
    if not html:
        return
    if len(html) > MAX_RICH_TEXT_LENGTH:
        raise ValidationError(
            f"This text is too long: {len(html):,} characters with its formatting, and the limit "
            f"is {MAX_RICH_TEXT_LENGTH:,}. Split it into shorter sections.",
            code="rich_text_too_long",
        )
    if nesting_depth(html, stop_above=MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH:
        raise ValidationError(
            f"The formatting of this text is nested more than {MAX_NESTING_DEPTH} levels deep "
            "(quotes inside quotes, lists inside lists). Remove some of the nesting.",
            code="rich_text_too_deep",
        )


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowed tags, attributes and link protocols.

    Raises ValidationError for text `validate_rich_text` refuses, whoever calls it."""
    if not html:
        return ""
    validate_rich_text(html)
    return _cleaner.clean(html).strip()
