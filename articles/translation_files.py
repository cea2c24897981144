"""Translators' files: the English texts of an article's live version as a PO file, and
the translated file read back into the draft of the translation, so that translation
agencies can work in their own tools (Pontoon, Weblate, OmegaT, Poedit all read PO).

Babel reads and writes the files: it is pure Python and already compiles the
interface catalogue. (translate-toolkit would add XLIFF, with lxml and a large toolkit,
which none of those tools needs.) docs/translations.md says how translators use them.

Each text is one entry. Its msgctxt names the part stably ("title", "summary",
"section:<anchor>:heading", "section:<anchor>:body", "doctor_questions:<n>",
"resources:<n>:title", …; n counts from 1), its msgid is the English, its msgstr the
translation's current draft. Entries whose English changed since the version the
translation was made from are marked fuzzy, with the old English as the previous msgid,
so that a translator updating an out-of-date translation sees what to update. The
header X-XRAYS-Source names the article, the version and its fingerprint: a file made
from any other version than the live one is refused on import.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import snapshot as article_content
from articles import translations
from articles.models import LIST_PARTS, Article, PublishedVersion, Section
from articles.workflow.review import locked, record_edit
from articles.workflow.rules import draft_content

# Far more than the longest article (a body may hold 200,000 characters of HTML).
MAX_FILE_BYTES = 4 * 1024 * 1024
SOURCE_HEADER = "X-XRAYS-Source"
_SOURCE_LINE = re.compile(rf'^"{SOURCE_HEADER}:\s*(\d+)/(\d+)/([0-9a-f]+)\\n"\s*$', re.MULTILINE)
# What translators translate of each list's items: not addresses or registry numbers.
NOT_WORDS = frozenset({"url", "registry_id"})
RICH_TEXT_NOTE = "HTML: translate the words, keep the tags and the links' addresses."


@dataclass(frozen=True)
class Text:
    """One text of an article: where it is (`context`) and what it says."""

    context: str
    text: str
    note: str = ""


def texts(content: dict) -> list[Text]:
    """Every text of a snapshot that a translator translates, in the page's order."""
    found = [Text("title", content["title"]), Text("summary", content["summary"])]
    for section in content["sections"]:
        anchor = section["anchor"]
        found.append(Text(f"section:{anchor}:heading", section["heading"]))
        found.append(Text(f"section:{anchor}:toc_label", section.get("toc_label", "")))
        found.append(Text(f"section:{anchor}:body", section["body"], RICH_TEXT_NOTE))
    for part in LIST_PARTS:
        for n, item in enumerate(content.get(part.key, []), start=1):
            if part.flat:
                found.append(Text(f"{part.key}:{n}", item))
                continue
            for name in part.fields:
                if name not in NOT_WORDS:
                    found.append(Text(f"{part.key}:{n}:{name}", item.get(name, "")))
    return [t for t in found if t.text.strip()]


def _source_line(version: PublishedVersion) -> str:
    return f"{version.article_id}/{version.number}/{version.fingerprint[:12]}"


def _live_source(source: Article, language: str) -> PublishedVersion:
    translations.check_language(language)
    if source.is_translation:
        raise ValidationError(f"“{source.title}” is a translation. Export its English source instead.")
    version = PublishedVersion.objects.filter(live_for=source).first()
    if version is None:
        raise ValidationError(f"“{source.title}” is not published: there is nothing to translate yet.")
    return version


def export_po(source: Article, language: str) -> bytes:
    """The PO file of the live version of `source` for translators into `language`,
    with the current draft of the translation (if any) as the translations."""
    version = _live_source(source, language)
    english = texts(article_content.in_current_format(version.content))
    translation = Article.objects.filter(translation_of=source, language=language).first()
    draft, before = {}, {}
    if translation is not None:
        draft = {t.context: t.text for t in texts(draft_content(translation)[0])}
        made_from = translation.translated_from
        if made_from is not None and made_from.pk != version.pk:
            before = {t.context: t.text for t in texts(article_content.in_current_format(made_from.content))}
    catalog = Catalog(
        locale=language,
        project=f"XRAYS {version.slug}",
        version=f"v{version.number}",
        creation_date=version.published_at,
        revision_date=timezone.now(),
        language_team=f"XRAYS {translations.language_name(language)}",
        header_comment=(
            f"# {version.title}\n# English version {version.number}, published "
            f"{version.published_at:%Y-%m-%d}: {settings.SITE_URL}{version.get_absolute_url()}\n"
            "# Translate each msgstr. Fuzzy entries changed in English since the translation was made."
        ),
    )
    for text in english:
        changed = bool(before) and before.get(text.context) != text.text
        catalog.add(
            text.text,
            draft.get(text.context, ""),
            context=text.context,
            auto_comments=[text.note] if text.note else [],
            flags=["fuzzy"] if changed and text.context in draft else [],
            previous_id=before[text.context] if changed and before.get(text.context) else (),
        )
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True, sort_output=False)
    # Babel writes only the standard header fields: ours goes after the last of them.
    po, n = re.subn(
        r'^("Generated-By: [^"\n]*")$',
        rf'\1\n"{SOURCE_HEADER}: {_source_line(version)}\\n"',
        out.getvalue().decode("utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert n == 1, "Babel's PO header changed: place X-XRAYS-Source elsewhere"
    return po.encode("utf-8")


def po_file_name(source: Article, language: str) -> str:
    version = PublishedVersion.objects.filter(live_for=source).only("number", "slug").first()
    number = version.number if version else 0
    return f"{source.slug}.v{number}.{language}.po"


def export_out_of_date(language: str | None = None) -> bytes:
    """A zip of the PO files of every translation out of date (into `language`, or
    into any language), one per translation, named <slug>.v<n>.<language>.po."""
    out = io.BytesIO()
    stale = Article.objects.translations_out_of_date().select_related("translation_of").order_by("pk")
    if language is not None:
        stale = stale.filter(language=language)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for translation in stale:
            source = translation.translation_of
            archive.writestr(
                po_file_name(source, translation.language), export_po(source, translation.language)
            )
    return out.getvalue()


# --- import ---------------------------------------------------------------------------


def _read(data: bytes) -> tuple[Catalog, tuple[int, int, str]]:
    """The catalog in `data` and its (article id, version number, fingerprint prefix),
    or a ValidationError saying what is wrong with the file."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"This file is too large ({len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB). Upload the PO file exported from XRAYS."
        )
    if b"\x00" in data:
        raise ValidationError(
            "This is not a PO file (it holds binary data). Upload the PO file exported from XRAYS."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("This file is not UTF-8 text. Save it as UTF-8 and upload it again.") from None
    source = _SOURCE_LINE.search(text)
    if source is None:
        raise ValidationError(
            f"This is not a translation file exported from XRAYS: it has no {SOURCE_HEADER} line in "
            "its header. Export the English article again and translate that file."
        )
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except (PoFileError, ValueError) as error:
        raise ValidationError(f"This PO file cannot be read: {str(error)[:200]}") from None
    return catalog, (int(source[1]), int(source[2]), source[3])


def _target(translation: Article, context: str, source_content: dict, found: dict):
    """(the instance, its field) a context names in the draft of `translation`; a
    section or list item the draft does not have yet is made (unsaved) from the English,
    so that an update of the source can bring new parts. `found` keeps each instance
    for the next texts of the same part, so that all its changes are saved together."""
    if context in ("title", "summary"):
        return translation, context
    kind, _, rest = context.partition(":")
    if kind == "section":
        anchor, _, name = rest.rpartition(":")
        key = ("section", anchor)
        if key in found:
            return found[key], name
        section = translation.sections.filter(anchor=anchor).first()
        if section is None:
            english = next((s for s in source_content["sections"] if s["anchor"] == anchor), None)
            if english is None:
                return None
            order = _new_section_order(translation, source_content["sections"], anchor)
            section = Section(article=translation, anchor=anchor, order=order, **_words(english))
        found[key] = section
        return section, name
    part = next((p for p in LIST_PARTS if p.key == kind), None)
    if part is None:
        return None
    number, _, name = rest.partition(":")
    if not number.isdigit() or len(number) > 6 or int(number) < 1:
        return None
    name = name or part.fields[0]
    index = int(number) - 1
    key = (part.key, index)
    if key not in found:
        items = list(getattr(translation, part.key).all())
        english = source_content.get(part.key, [])
        if index < len(items):
            found[key] = items[index]
        elif index < len(english):
            values = {part.fields[0]: english[index]} if part.flat else dict(english[index])
            model = getattr(Article, part.key).rel.related_model
            found[key] = model(article=translation, order=index, **values)
        else:
            return None
    return found[key], name


def _new_section_order(translation: Article, english: list[dict], anchor: str) -> int:
    """Where a section new in English goes in the translation: just after the section
    that comes before it in English (equal orders keep the older first), or first."""
    anchors = [s["anchor"] for s in english]
    orders = dict(translation.sections.values_list("anchor", "order"))
    before = [orders[a] for a in anchors[: anchors.index(anchor)] if a in orders]
    if before:
        return before[-1]
    return max(min(orders.values(), default=0) - 1, 0)


def _words(section: dict) -> dict:
    return {"heading": section["heading"], "toc_label": section.get("toc_label", ""), "body": section["body"]}


def import_po(source: Article, language: str, data: bytes, *, by: User) -> Article:
    """Read a translated PO file of `source` into the draft of its translation into
    `language` (started if there is none). See import_po_counted."""
    return import_po_counted(source, language, data, by=by)[0]


def import_po_counted(source: Article, language: str, data: bytes, *, by: User) -> tuple[Article, list[str]]:
    """import_po, also returning the contexts of the texts it changed. Only entries
    with a translation that differs from the draft are written, bodies sanitised as any
    save does; the translation then follows the file's English version. A file made
    from another article or version, or that is not a PO file from XRAYS, is refused
    with a ValidationError and nothing changes."""
    translations.check_writer(by)
    catalog, (article_id, number, fingerprint) = _read(data)
    with transaction.atomic():
        source = locked(source)
        version = _live_source(source, language)
        if article_id != source.pk:
            other = Article.objects.filter(pk=article_id).values_list("title", flat=True).first()
            raise ValidationError(
                f"This file was exported from another article ({f'“{other}”' if other else f'number {article_id}'}), "
                f"not from “{source.title}”. Nothing was imported."
            )
        if number != version.number or not version.fingerprint.startswith(fingerprint):
            raise ValidationError(
                f"This file was made from English version {number} of “{source.title}”, but version "
                f"{version.number} is the one readers see now. Nothing was imported: export the file "
                "again (it keeps the translations already in the draft) and translate what changed."
            )
        translation = Article.objects.filter(translation_of=source, language=language).first()
        if translation is None:
            translation = translations.start_translation(source, language, by=by)
        translation = locked(translation)
        before = draft_content(translation)
        current = {t.context: t.text for t in texts(before[0])}
        known = {t.context for t in texts(article_content.in_current_format(version.content))}
        english_content = article_content.in_current_format(version.content)
        changes, problems, found = [], [], {}
        for message in catalog:
            if not message.id or not message.context:
                continue
            if message.context not in known:
                problems.append(f"{message.context}: no such text in English version {version.number}")
                continue
            wanted = message.string if isinstance(message.string, str) else ""
            if not wanted.strip() or wanted == current.get(message.context):
                continue
            target = _target(translation, message.context, english_content, found)
            if target is None:
                problems.append(f"{message.context}: no such text in the translation")
                continue
            instance, name = target
            try:
                wanted = instance._meta.get_field(name).clean(wanted, instance)
            except ValidationError as error:
                problems.append(f"{message.context}: {' '.join(error.messages)}")
                continue
            changes.append((instance, name, wanted, message.context))
        if problems:
            raise ValidationError(
                ["Nothing was imported. Fix these entries and upload the file again:", *problems]
            )
        for instance, name, wanted, _context in changes:
            setattr(instance, name, wanted)
        for instance in {id(i): i for i, *_ in changes}.values():
            instance.save()
        changed = [context for *_, context in changes]
        moved = translation.translated_from_id != version.pk
        if moved:
            translation.translated_from = version
            translation.save(update_fields=["translated_from", "updated_at"])
        if changed or moved:
            comment = (
                f"Imported a translation file of English version {version.number}: "
                f"{len(changed)} text{'s' if len(changed) != 1 else ''} changed."
            )
            record_edit(translation, by=by, fingerprint_before=before[1], comment=comment)
    translation.refresh_from_db()
    return translation, changed
