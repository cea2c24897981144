"""What changed between two snapshots of an article, section by section, word by word.

Reviewers use it to see exactly what they are asked to approve: the draft against the
live version, or any two published versions."""

import difflib
import re
from dataclasses import dataclass
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from references.formatting import format_citation

_TOKENS = re.compile(r"\s+|[\w'’-]+|[^\w\s]")
_BLOCK_END = re.compile(r"</(p|li|h[2-6]|blockquote|tr|dd|dt)>|<br\s*/?>", re.I)


@dataclass
class Change:
    label: str
    status: str  # "same", "changed", "added" or "removed"
    html: str  # the text with <del> and <ins> marks

    @property
    def changed(self):
        return self.status != "same"


def html_to_text(html):
    """Readable text of sanitised HTML: one line per paragraph or list item, however
    the HTML source happens to be wrapped."""
    blocks = unescape(strip_tags(_BLOCK_END.sub("\x00", html or ""))).split("\x00")
    return "\n".join(text for text in (" ".join(block.split()) for block in blocks) if text)


def word_diff(old, new):
    """`old` and `new` as one text, removed words in <del>, added words in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def _change(label, old, new):
    if old is None:
        return Change(label, "added", word_diff("", new))
    if new is None:
        return Change(label, "removed", word_diff(old, ""))
    return Change(label, "same" if old == new else "changed", word_diff(old, new))


def _lines(items, fmt):
    return "\n".join(fmt(item) for item in items)


def compare(old, new):
    """The list of Changes from snapshot `old` (or None: nothing yet) to snapshot `new`."""
    old = old or {
        "title": "",
        "summary": "",
        "sections": [],
        "doctor_questions": [],
        "clinical_trials": [],
        "guidelines": [],
        "resources": [],
        "references": [],
        "relevant_for": [],
        "also_relevant_for": [],
    }
    changes = [
        _change("Title", old["title"], new["title"]),
        _change("Summary", old["summary"], new["summary"]),
    ]
    old_sections = {s["anchor"]: s for s in old["sections"]}
    new_anchors = {s["anchor"] for s in new["sections"]}
    for section in new["sections"]:
        before = old_sections.get(section["anchor"])
        text = f"{section['heading']}\n{html_to_text(section['body'])}"
        old_text = f"{before['heading']}\n{html_to_text(before['body'])}" if before else None
        changes.append(_change(f"Section: {section['heading']}", old_text, text))
    for section in old["sections"]:
        if section["anchor"] not in new_anchors:
            changes.append(
                _change(
                    f"Section: {section['heading']}",
                    f"{section['heading']}\n{html_to_text(section['body'])}",
                    None,
                )
            )
    lists = [
        ("Questions to ask your doctor", "doctor_questions", str),
        (
            "Clinical trials",
            "clinical_trials",
            lambda t: f"{t['title']} {t['registry_id']} {t['url']}".strip(),
        ),
        ("Guidelines", "guidelines", lambda g: f"{g['issuing_body']}: {g['title']} {g['url']}"),
        ("Resources", "resources", lambda r: f"{r['title']}: {r['description']} {r['url']}"),
        (
            "References",
            "references",
            lambda r: (
                strip_tags(format_citation(r)) + (" [original article]" if r.get("is_original_story") else "")
            ),
        ),
        ("Relevant for", "relevant_for", lambda a: a["name"]),
        ("Also relevant for", "also_relevant_for", lambda a: a["name"]),
    ]
    for label, key, fmt in lists:
        before, after = _lines(old.get(key, []), fmt), _lines(new.get(key, []), fmt)
        if before or after:
            changes.append(_change(label, before, after))
    return changes
