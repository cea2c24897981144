"""The one HTML sanitising policy. Every rich text an editor writes passes through
`sanitize_html` before it is stored, and pages render only the stored, sanitised value.

Deliberately absent (past bleach bypasses came from them): comments, `noscript`,
`svg`/`math` and any raw-text element such as `style`, `script`, `textarea`, `xmp`.
"""

import bleach

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


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowed tags, attributes and link protocols."""
    if not html:
        return ""
    return _cleaner.clean(html).strip()
