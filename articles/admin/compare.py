"""What changed between two snapshots of an article, section by section, word by word.

Reviewers use it to see exactly what they are asked to approve: the draft against the
live version, or any two published versions. It walks the snapshot itself (every key,
every field of every item), so that whatever changes the approval fingerprint shows
here; a key added to the snapshot later is shown under a name made from the key.
"""

import datetime
import difflib
import json
from dataclasses import dataclass

from django.utils.safestring import mark_safe

# Words are told apart one way for reviewers here and for readers' review record.
from articles.differences import html_to_text, word_diff
from articles.models import LIST_PARTS
from articles.page import ArticlePage
from references.formatting import format_citation, human_date

__all__ = ["LABELS", "Change", "compare", "html_to_text", "word_diff"]

# How compare names the snapshot's keys and the fields of their items.
LABELS = {
    "title": "Title",
    "slug": "Address (slug)",
    "posted_on": "Posted date",
    "entry_type": "Type of entry",
    "summary": "Summary",
    "superseded_by": "Superseded by a newer review",
    "ratings": "Ratings",
    "sections": "Sections",
    **{part.key: part.heading for part in LIST_PARTS},
    "references": "References",
    "relevant_for": "Relevant for",
    "also_relevant_for": "Also relevant for",
    "format": "Content format",
    "language": "Language",
    "translated_from": "Translated from English version",
    # fields of items
    "heading": "Heading",
    "toc_label": "Contents label",
    "anchor": "Anchor",
    "body": "Text",
    "registry_id": "Registry ID",
    "issuing_body": "Issued by",
    "url": "Link",
    "description": "Description",
    "kind": "Kind",
    "authors": "Authors",
    "more_authors": "et al.",
    "publication": "Published in",
    "volume": "Volume",
    "issue": "Issue",
    "pages": "Pages",
    "published_on": "Publication date",
    "published_online_on": "Published online",
    "doi": "DOI",
    "pubmed_id": "PubMed ID",
    "is_original_story": "Original story",
    "id": "Record",
    "level": "Level",
    "rationale": "Why",
    "evidence": "What the evidence is",
    "criterion": "Scale (address)",
    "level_slug": "Level (address)",
    "position": "Place on the scale",
    "levels": "Levels on the scale",
    "value": "Value",
    "note": "Note for readers",
    "number": "Version",
    "published_at": "Published",
}
# The order a reviewer reads them in; keys not listed follow, alphabetically.
ORDER = list(LABELS)
# Sanitised HTML: compared as the text readers read, each link with its target.
RICH_TEXT = {"body"}
# The field that names an item of a list (the first one it has).
NAME_FIELDS = ("heading", "title", "name", "text")
# Items read best as readers see them; every field is listed below the headline too.
HEADLINES = {
    "references": lambda ref: html_to_text(format_citation(ref)),
    "ratings": lambda r: f"{r.get('name')}: {r.get('level')} ({r.get('position')} of {r.get('levels')})",
}
# Dates, kept as ISO text in the snapshot, shown as readers read them.
DATES = {"posted_on", "published_on", "published_online_on"}
# Not something readers see, or (language) absent from snapshots older than the key:
# listed only when both snapshots have it and it differs.
BOOKKEEPING = {"format", "language"}


@dataclass
class Change:
    label: str
    status: str  # "same", "changed", "added" or "removed"
    html: str  # the text with <del> and <ins> marks

    @property
    def changed(self):
        return self.status != "same"


# --- text of a value ---------------------------------------------------------------


def _label(key):
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _ordered(keys):
    known = [k for k in ORDER if k in keys]
    return known + sorted(k for k in keys if k not in LABELS)


def _blank(value):
    return value is None or value is False or value == "" or value == [] or value == {}


def _value_text(key, value):
    if key in RICH_TEXT and isinstance(value, str):
        return html_to_text(value)
    if key in DATES and isinstance(value, str) and value:
        try:
            return human_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_value_text(key, v) for v in value)
    if isinstance(value, dict):
        return _item_text(key, value)
    return "" if value is None else str(value)


def _item_text(key, item):
    """An item of a list: its name (or headline), its other fields labelled, then its
    rich text."""
    if not isinstance(item, dict):
        return _value_text(key, item)
    name = None if key in HEADLINES else next((f for f in NAME_FIELDS if f in item), None)
    lines = []
    if key in HEADLINES:
        lines.append(HEADLINES[key](item))
    elif name:
        lines.append(_value_text(name, item[name]))
    fields = _ordered(item)
    details = [
        f"{_label(f)}: {_value_text(f, item[f])}"
        for f in fields
        if f != name and f not in RICH_TEXT and not _blank(item[f])
    ]
    if details:
        lines.append(" · ".join(details))
    lines += [_value_text(f, item[f]) for f in fields if f in RICH_TEXT and not _blank(item[f])]
    return "\n".join(line for line in lines if line)


def _source(value):
    return (
        value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1)
    )


def _diff(old_text, new_text):
    return word_diff(old_text or "", new_text or "")


def _change(label, old, new, html):
    """A Change whose status says whether the data differ. When they differ in a way
    the text does not show (formatting, markup), the source is shown as well: whatever
    changes the fingerprint shows here."""
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    else:
        status = "same" if old == new else "changed"
    if status != "same" and "<del>" not in html and "<ins>" not in html:
        html = mark_safe(
            f"{html}\n\nChanged in a way the text above does not show (formatting or markup):\n"
            f"{word_diff(_source(old) if old is not None else '', _source(new) if new is not None else '')}"
        )
    return Change(label, status, html)


# --- the parts of a snapshot -------------------------------------------------------


def _list_html(key, old_items, new_items):
    """The items of two lists, matched item by item: by their record id when they have
    one, otherwise equal items with equal items and changed ones in their place."""

    def identity(item):
        if isinstance(item, dict) and "id" in item:
            return json.dumps(["id", item["id"]])
        return json.dumps(item, sort_keys=True)

    old_ids, new_ids = [identity(i) for i in old_items], [identity(i) for i in new_items]
    parts = []
    for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_ids, new_ids, autojunk=False).get_opcodes():
        olds, news = old_items[i1:i2], new_items[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = _item_text(key, olds[k]) if k < len(olds) else ""
            after = _item_text(key, news[k]) if k < len(news) else ""
            parts.append(_diff(before, after))
    separator = "\n\n" if any(isinstance(i, dict) for i in old_items + new_items) else "\n"
    return mark_safe(separator.join(parts))


def _section_text(section):
    return _item_text("sections", section)


def _section_changes(old_sections, new_sections):
    """One Change per section, matched by anchor (kept when a heading changes)."""
    before = {s["anchor"]: s for s in old_sections}
    new_anchors = {s["anchor"] for s in new_sections}
    changes = []
    for section in new_sections:
        old = before.get(section["anchor"])
        html = _diff(_section_text(old) if old else "", _section_text(section))
        changes.append(_change(f"Section: {section['heading']}", old, section, html))
    for section in old_sections:
        if section["anchor"] not in new_anchors:
            changes.append(
                _change(f"Section: {section['heading']}", section, None, _diff(_section_text(section), ""))
            )
    return changes


def _contents(content):
    """The table of contents readers see: it shows sections moved or relabelled."""
    if not content or "sections" not in content:
        return ""
    return "\n".join(f"{entry.label} (#{entry.anchor})" for entry in ArticlePage(content).toc)


def compare(old, new):
    """The list of Changes from snapshot `old` (or None: nothing yet) to snapshot `new`."""
    old = old or {}
    changes = []
    for key in _ordered(set(old) | set(new)):
        if key in BOOKKEEPING and (key not in old or key not in new or old[key] == new[key]):
            continue
        before, after = old.get(key), new.get(key)
        if _blank(before) and _blank(after) and (before == after or key not in old or key not in new):
            continue  # nothing on either side
        if key == "sections":
            toc_old, toc_new = _contents(old), _contents(new)
            if toc_old or toc_new:
                changes.append(
                    _change("Table of contents", toc_old or None, toc_new or None, _diff(toc_old, toc_new))
                )
            changes += _section_changes(before or [], after or [])
            continue
        if isinstance(before, list) or isinstance(after, list):
            html = _list_html(key, before or [], after or [])
        else:
            html = _diff(_value_text(key, before), _value_text(key, after))
        changes.append(_change(_label(key), before, after, html))
    return changes
