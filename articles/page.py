"""The page readers see, built from a snapshot (articles.snapshot): `ArticlePage` is
what the article, print and visit-sheet templates show; `live_version` finds the live
version at an address for a reader of the active language (or where to send them: an
article's addresses in each language, docs/translations.md), `reading_language_context`
is what its page says about its other languages, and `article_context` is what the
live page, the staff preview and the shared preview all render, so that a preview is
exactly the page readers get.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.models import LIST_PARTS, Article, EntryType, ListPart, PublishedVersion
from articles.review_dates import page_review_dates
from audiences.models import Audience
from glossary.preferences import page_glossary
from references.formatting import format_citation
from references.models import link_for
from xrays.models import SiteText


@dataclass
class PageList:
    """One of the article's fixed lists (articles.models.LIST_PARTS) with its items."""

    part: ListPart
    items: list

    def __getattr__(self, name):
        return getattr(self.part, name)


@dataclass
class TocEntry:
    anchor: str
    label: str


@dataclass
class ArticlePage:
    """What the article templates show, built from a snapshot."""

    content: dict
    glossary: object = None  # glossary.marking.Glossary, or None to leave terms unmarked
    sections: list = field(init=False)
    glossary_terms_used: list = field(init=False)

    def __post_init__(self):
        self.sections = []
        used = []
        for section in self.content["sections"]:
            body = section["body"]
            if self.glossary is not None:
                body, terms = self.glossary.mark(body, section["anchor"])
                used += [t for t in terms if t not in used]
            # The body was sanitised when the editor saved it; marking only adds our own markup.
            self.sections.append({**section, "body": mark_safe(body)})
        self.glossary_terms_used = used

    def __getattr__(self, name):
        if name == "content":  # not yet set: avoid recursing while copying
            raise AttributeError(name)
        try:
            return self.content[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def posted_on(self):
        value = self.content.get("posted_on")
        return datetime.date.fromisoformat(value) if value else None

    @property
    def entry_type(self):
        """{"value", "name"}, or None for a version published before entries had types.
        The snapshot keeps the English name; a page names a type it knows in the active
        language, and one since retired by the name it was published with."""
        stored = self.content.get("entry_type")
        if not stored or stored.get("value") not in EntryType.values:
            return stored
        return {**stored, "name": str(EntryType(stored["value"]).label)}

    @cached_property
    def superseded_by(self):
        """The newer review: its title, the editor's note and its address now (found by
        id, as its slug may have changed; empty if it is no longer published); or None."""
        newer = self.content.get("superseded_by")
        if not newer:
            return None
        slug = PublishedVersion.objects.live_slugs([newer["id"]]).get(newer["id"])
        return {**newer, "url": reverse("articles:detail", args=[slug]) if slug else ""}

    @cached_property
    def ratings(self):
        """The ratings, each with `gauge`: one bool per level, filled up to its own."""
        return [
            {**r, "gauge": [n <= r["position"] for n in range(1, r["levels"] + 1)]}
            for r in self.content.get("ratings", [])
        ]

    @cached_property
    def references(self):
        return [
            {**ref, "citation": format_citation(ref), "link": link_for(ref)}
            for ref in self.content["references"]
        ]

    @property
    def original_story(self):
        for ref in self.references:
            if ref["is_original_story"]:
                return ref
        return None

    @cached_property
    def relevant_for(self):
        return self._audience_links(self.content["relevant_for"])

    @cached_property
    def also_relevant_for(self):
        return self._audience_links(self.content["also_relevant_for"])

    @staticmethod
    def _audience_links(audiences):
        """The audiences as the version names them, each linked to its page as it is now
        (found by id): the slug stored at publication may have changed since, and no page
        may link to an address that no longer exists. One since deleted gets no link."""
        if not audiences:
            return []
        slugs = Audience.current_slugs()
        return [
            {
                "id": audience.get("id"),  # the audience_name filter shows the name in the page's language
                "name": audience["name"],
                "url": reverse("audience_detail", args=[slugs[audience["id"]]])
                if audience.get("id") in slugs
                else "",
            }
            for audience in audiences
        ]

    @cached_property
    def list_parts(self):
        """The article's fixed lists that have items, in page order: each with its
        `anchor`, `heading`, `item_template` and `items`."""
        return [PageList(part, self.content[part.key]) for part in LIST_PARTS if self.content.get(part.key)]

    @cached_property
    def toc(self):
        entries = [TocEntry(s["anchor"], s["toc_label"] or s["heading"]) for s in self.sections]
        entries += [TocEntry(part.anchor, part.heading) for part in self.list_parts]
        return entries


@dataclass(frozen=True)
class Move:
    """Where a request for an address is sent instead: the same view of the article at
    `slug`, in `language`'s addresses."""

    slug: str
    language: str
    permanent: bool


def _live_versions():
    """Live versions, each with what its page must know of the article's other
    languages, read in the same query so that a page in one language costs no more
    queries than in another: `live_slug_<code>`, the slug of its live translation into
    each other language (for an English version), and for a translation, its English
    source's live version (`source_slug`, `source_title`, `source_published_at`,
    `source_version_id`) and the source's review dates (`source_reviewed_on`,
    `source_review_interval_months`)."""
    versions = PublishedVersion.objects.live().select_related("article")
    for code in _translation_languages():
        live_translation = Article.objects.filter(
            translation_of=OuterRef("article"), language=code, live_version__isnull=False
        ).values("live_version__slug")[:1]
        versions = versions.annotate(**{_slug_field(code): Subquery(live_translation)})
    return versions.annotate(
        source_slug=F("article__translation_of__live_version__slug"),
        source_title=F("article__translation_of__live_version__title"),
        source_published_at=F("article__translation_of__live_version__published_at"),
        source_version_id=F("article__translation_of__live_version_id"),
        # A translation's page shows its source's review dates (articles.review_dates).
        source_reviewed_on=F("article__translation_of__reviewed_on"),
        source_review_interval_months=F("article__translation_of__review_interval_months"),
    )


def _translation_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _slug_field(language: str) -> str:
    return "live_slug_" + language.replace("-", "_")


def live_slugs_by_language(version: PublishedVersion) -> dict[str, str | None]:
    """{language code: the slug of the article's live version in that language, or None}
    for a version found by `live_version`."""
    if version.language == settings.LANGUAGE_CODE:
        slugs = {code: getattr(version, _slug_field(code), None) for code in _translation_languages()}
        return {settings.LANGUAGE_CODE: version.slug, **slugs}
    slugs = {code: None for code, _ in settings.LANGUAGES}
    return {
        **slugs,
        settings.LANGUAGE_CODE: getattr(version, "source_slug", None),
        version.language: version.slug,
    }


def live_version(slug: str, language: str | None = None) -> tuple[PublishedVersion | None, Move | None]:
    """The live version to show at `slug` to a reader of `language` (default: the
    active language), or (None, where to send them instead):

    - an address an article had before it was renamed leads permanently to its new one;
    - an English article that has a live translation into the reader's language sends
      them to the translation (for now: a translation may be withdrawn);
    - a translation asked for in another language's addresses is at its own language's;
    - an English article with no translation is shown in the reader's interface, as is.
    An address never published is a 404."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    version = _live_versions().filter(slug=slug).first()
    moved = version is None
    if moved:
        article_id = (
            PublishedVersion.objects.filter(slug=slug, article__live_version__isnull=False)
            .values_list("article_id", flat=True)
            .first()
        )
        version = _live_versions().filter(live_for=article_id).first() if article_id else None
        if version is None:
            raise Http404(gettext("No published article at this address."))
    if version.language not in (language, settings.LANGUAGE_CODE):
        return None, Move(version.slug, version.language, permanent=True)
    translated_slug = live_slugs_by_language(version).get(language)
    if version.language != language and translated_slug:
        return None, Move(translated_slug, language, permanent=False)
    if moved:
        return None, Move(version.slug, language, permanent=True)
    return version, None


def serves_live_version(view_name: str) -> Callable:
    """Decorates a view of the live version at an address: the view is called with the
    PublishedVersion instead of the slug, in the reader's language (`live_version`):
    a renamed article's old address, and an address in another language than the
    article's, lead to the same view at the right one; an address never published is
    a 404."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def view_of_live_version(request, slug):
            version, move = live_version(slug)
            if move:
                with translation.override(move.language):
                    url = reverse(view_name, kwargs={"slug": move.slug})
                return redirect(url, permanent=move.permanent)
            return view(request, version)

        return view_of_live_version

    return decorator


def reading_language_context(version: PublishedVersion, view_name: str) -> dict:
    """What a live page (article, print, visit sheet) says about its languages:
    `language_alternates`, {language code: this page's address in that language, or
    None when the article has no live version in it} (base.html's switcher and hreflang
    links); `content_language`, the version's language when the reader's interface is
    in another one (its text is marked with it) and "" otherwise; `untranslated`,
    whether this is an English article shown to a reader of another language because
    it has no translation yet; and `english_update`, for a translation made from an
    older version of its English source, {"published_at", "title", "url"} of the English
    article now (the translation is being brought up to date), else None."""
    alternates = {}
    for code, slug in live_slugs_by_language(version).items():
        with translation.override(code):
            alternates[code] = reverse(view_name, kwargs={"slug": slug}) if slug else None
    active = translation.get_language() or settings.LANGUAGE_CODE
    english_update = None
    if version.language != settings.LANGUAGE_CODE and is_behind_its_source(version):
        # The English article itself, from the print page and visit sheet too: on paper
        # its address is what the reader needs.
        with translation.override(settings.LANGUAGE_CODE):
            english_url = reverse("articles:detail", kwargs={"slug": version.source_slug})
        english_update = {
            "published_at": version.source_published_at,
            "title": version.source_title,
            "url": english_url,
        }
    return {
        "language_alternates": alternates,
        "content_language": version.language if version.language != active else "",
        "untranslated": version.language == settings.LANGUAGE_CODE and active != settings.LANGUAGE_CODE,
        "english_update": english_update,
    }


def is_behind_its_source(version: PublishedVersion) -> bool:
    """Whether a live translation (found by `live_version`) was made from an older
    version of its English source than the one readers of English see now: the source
    was published again since. A version that does not record what it was made from
    (published before translations recorded it) is taken as current."""
    return bool(
        version.translated_from_id
        and version.source_version_id
        and version.translated_from_id != version.source_version_id
    )


def article_context(request, content, *, version=None, glossary_on=True, preview=False):
    """What the article and print templates need; also used by the staff preview."""
    # Terms are marked in the language the article is written in, whatever the interface.
    language = content.get("language", settings.LANGUAGE_CODE)
    page = ArticlePage(content, glossary=page_glossary(language) if glossary_on else None)
    history = []
    if version is not None:
        history = list(
            version.article.versions.filter(number__lte=version.number)
            .only("number", "published_at", "change_summary")
            .order_by("number")
        )
    return {
        "page": page,
        "version": version,
        "updates": [v for v in history if v.is_update],
        # When the Scientific Advisory Board reviewed what readers see and is due to
        # again: the page varies by the day (articles.public.views) for the notice.
        "review": page_review_dates(version, timezone.localdate()) if version is not None else None,
        # Site words, in the reader's language where editors wrote it: (body, language).
        "disclosure": SiteText.text_in(SiteText.DISCLOSURE, translation.get_language()),
        "glossary_on": glossary_on,
        "preview": preview,
        # A preview of a translation in the (English) admin: its words say their language.
        "content_language": language if language != translation.get_language() else "",
    }
