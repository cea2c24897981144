"""What changed between two published snapshots, word by word, for whoever reads it.

Two readers of differences share the one way of telling words apart: the editorial
admin's compare (articles/admin/compare.py), which shows every key of the snapshot
for reviewers, and the public review record (articles/review_record.py), which shows
readers what changed in the words they read: the title, the summary, each section's
sentences, and the items of the lists. This module takes only snapshots (the content of
published versions) and text; it reads no model, so nothing private can reach it.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import text
from articles.models import LIST_PARTS
from references.formatting import format_citation

# Words, spaces and punctuation; a web address is one token, so a changed link target
# shows whole.
TOKENS = re.compile(r"(?:https?|mailto):[^\s\]]+|\s+|[\w'’-]+|[^\w\s]")

# A sentence ends at ., ! or ? (with any closing quote or bracket) before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
# Words ending in a full stop that do not end a sentence ("Dr. Ruiz", "e.g. this").
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Dr|Dra|Drs|Mr|Mrs|Ms|Prof|Sr|Sra|St|vs|No|Fig|al|approx|etc|e\.g|i\.e|p\.ej)\.|\b[A-Z]\.)$"
)


def html_to_text(html):
    """The text of sanitised HTML as articles.text reads it, a line per block, each link
    followed by "[→ its target]" so that a changed link shows as a change."""
    return text.html_to_text(html, links=True)


def _opcodes(old, new):
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    return a, b, difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def word_diff(old, new):
    """`old` and `new` as one text, removed words in <del>, added words in <ins>."""
    a, b, opcodes = _opcodes(old, new)
    out = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def _marked(tag, words):
    """`words` in <tag>, the white space around them left outside the mark."""
    core = words.strip()
    if not core:
        return escape(words)
    start = words.index(core)
    return f"{escape(words[:start])}<{tag}>{escape(core)}</{tag}>{escape(words[start + len(core) :])}"


def before_and_after(old, new):
    """(`old` with its removed words in <del>, `new` with its added words in <ins>):
    the same change as word_diff, as two texts a reader reads one after the other."""
    a, b, opcodes = _opcodes(old, new)
    before, after = [], []
    for op, i1, i2, j1, j2 in opcodes:
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            before.append(escape(removed))
            after.append(escape(added))
            continue
        before.append(_marked("del", removed))
        after.append(_marked("ins", added))
    return mark_safe("".join(before)), mark_safe("".join(after))


# --- what readers read, as sentences and items -------------------------------------


def sentences(plain_text):
    """The sentences of plain text, each paragraph (line) apart, white space tidied."""
    found = []
    for line in plain_text.splitlines():
        pending = ""
        for piece in _SENTENCE_END.split(line.strip()):
            pending = f"{pending} {piece}".strip() if pending else piece.strip()
            if pending and not _ABBREVIATIONS.search(pending):
                found.append(pending)
                pending = ""
        if pending:
            found.append(pending)
    return [sentence for sentence in found if sentence]


@dataclass(frozen=True)
class SentenceChange:
    """One sentence as it was (`before`, "" when it is new) and as it is now (`after`,
    "" when it was taken out), the changed words marked."""

    before: SafeString
    after: SafeString


def sentence_changes(old_text, new_text):
    """The sentences that differ between two plain texts, each paired with the one it
    replaced where there is one; unchanged sentences are left out."""
    old, new = sentences(old_text), sentences(new_text)
    changes = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else ""
            after = news[k] if k < len(news) else ""
            if before and after and _alike(before, after):
                changes.append(SentenceChange(*before_and_after(before, after)))
                continue
            if before:
                changes.append(SentenceChange(escape(before), mark_safe("")))
            if after:
                changes.append(SentenceChange(mark_safe(""), escape(after)))
    return changes


def _alike(old, new):
    """Whether `new` reads as `old` reworded (most words kept), rather than as another
    sentence in its place: a reworded sentence shows its changed words, another one
    shows whole."""
    words = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return words.ratio() >= 0.5


def _joined(*parts):
    return " — ".join(part for part in parts if part)


# How an item of each list reads on the page, on one line (a flat list's item is its text).
ITEM_TEXT = {
    "clinical_trials": lambda item: _joined(item.get("title"), item.get("registry_id")),
    "guidelines": lambda item: _joined(item.get("issuing_body"), item.get("title")),
    "resources": lambda item: _joined(item.get("title"), item.get("description")),
    "references": lambda item: " ".join(text.html_to_text(format_citation(item)).split()),
}


def _list_item_text(key, item):
    if not isinstance(item, dict):
        return str(item)
    return ITEM_TEXT.get(key, lambda item: _joined(item.get("title"), item.get("text")))(item)


# --- what readers are told changed ----------------------------------------------------

TITLE, SUMMARY = "title", "summary"
SECTION_ADDED, SECTION_REMOVED, SECTION_CHANGED = "section_added", "section_removed", "section_changed"
LIST = "list"


@dataclass
class ReaderChange:
    """One part of the page that changed: `kind` says which (the constants above),
    `heading` names it as the page does, `sentences` are the changed sentences, and a
    list's items that were `added` and `removed` (each as it reads)."""

    kind: str
    heading: str = ""
    sentences: list = field(default_factory=list)
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def _section_text(section):
    return text.html_to_text(section.get("body", ""))


def _section_changes(old_sections, new_sections):
    """Sections matched by anchor (kept when a heading changes), in the new order, then
    the sections taken out."""
    before = {s.get("anchor"): s for s in old_sections}
    kept = {s.get("anchor") for s in new_sections}
    changes = []
    for section in new_sections:
        old = before.get(section.get("anchor"))
        if old is None:
            changes.append(ReaderChange(SECTION_ADDED, section["heading"]))
            continue
        changed = []
        if old["heading"] != section["heading"]:
            changed.append(SentenceChange(*before_and_after(old["heading"], section["heading"])))
        changed += sentence_changes(_section_text(old), _section_text(section))
        if changed:
            changes.append(ReaderChange(SECTION_CHANGED, section["heading"], sentences=changed))
    for section in old_sections:
        if section.get("anchor") not in kept:
            changes.append(ReaderChange(SECTION_REMOVED, section["heading"]))
    return changes


def _list_change(key, heading, old_items, new_items):
    old = Counter(_list_item_text(key, item) for item in old_items)
    new = Counter(_list_item_text(key, item) for item in new_items)
    added, removed = list((new - old).elements()), list((old - new).elements())
    if not (added or removed):
        return None
    return ReaderChange(LIST, str(heading), added=added, removed=removed)


def reader_changes(old, new, *, references_heading=""):
    """What changed from published snapshot `old` to published snapshot `new`, as
    readers would understand it: title, summary, each changed section's sentences,
    then the items added to and taken from each list and the references (named
    `references_heading`). Parts that did not change are left out."""
    changes = []
    if old.get("title", "") != new.get("title", ""):
        changes.append(
            ReaderChange(
                TITLE, sentences=[SentenceChange(*before_and_after(old.get("title", ""), new["title"]))]
            )
        )
    summary = sentence_changes(old.get("summary", ""), new.get("summary", ""))
    if summary:
        changes.append(ReaderChange(SUMMARY, sentences=summary))
    changes += _section_changes(old.get("sections", []), new.get("sections", []))
    lists = [(part.key, part.heading) for part in LIST_PARTS] + [("references", references_heading)]
    for key, heading in lists:
        change = _list_change(key, heading, old.get(key) or [], new.get(key) or [])
        if change:
            changes.append(change)
    return changes
