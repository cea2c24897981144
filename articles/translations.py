"""Translations: an article in another language than English is its own Article row
(`language`, `translation_of` the English source, `translated_from` the source's
published version it was made from), so it goes through the same workflow, with its
own snapshots, approvals, history and address.

The three translation fields (Article.TRANSLATION_FIELDS) are written here and nowhere
else. Recording the English version a translation follows is what keeps it from
drifting silently: when the source is published again, the translation is out of date
until a translator brings it up to that version (`mark_up_to_date`), which is an edit
like any other and so needs a new review before readers see it. docs/translations.md
tells the whole story.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import snapshot as article_content
from articles.models import LIST_PARTS, Article, PublishedVersion, Section, WorkflowEvent
from articles.workflow.review import locked, record, record_edit
from articles.workflow.rules import draft_content, may_write


def translation_languages() -> dict[str, str]:
    """{code: name} of the languages articles may be translated into (every language
    of the site but the one sources are written in)."""
    return {code: str(name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def check_language(language: str) -> None:
    if language not in translation_languages():
        known = ", ".join(f"{name} ({code})" for code, name in translation_languages().items())
        raise ValidationError(
            f"Articles cannot be translated into “{str(language)[:20]}”. Choose one of: {known}."
        )


def translation_in(article: Article, language: str) -> Article | None:
    """`article` in `language`: the English source itself for English, its translation
    into `language` otherwise, or None when there is none yet. `article` may be the
    source or any of its translations."""
    source_id = article.translation_of_id or article.pk
    if language == settings.LANGUAGE_CODE:
        return article.translation_of if article.translation_of_id else article
    if article.language == language:
        return article
    return Article.objects.filter(translation_of_id=source_id, language=language).first()


def is_out_of_date(translation: Article) -> bool:
    """Whether `translation` was made from another version of its English source than
    the one readers of English see now (the source was published again since). A
    source that is not published has nothing to be behind; English is never out of date.
    Articles.objects.translations_out_of_date() is the same rule as a query."""
    if not translation.is_translation:
        return False
    live_id = (
        Article.objects.filter(pk=translation.translation_of_id)
        .values_list("live_version_id", flat=True)
        .first()
    )
    return live_id is not None and translation.translated_from_id != live_id


def check_writer(by: User) -> None:
    if not may_write(by):
        raise PermissionDenied("You do not have permission to translate articles.")


def start_translation(source: Article, language: str, *, by: User) -> Article:
    """Start the translation of `source` into `language`: a draft pre-filled with the
    words of the source's live version (title, summary, sections with the same anchors,
    the items of its fixed lists), to be translated in place, so that the side-by-side
    editor and compare match it part by part. Made from that version
    (`translated_from`). Citations, audiences, ratings and the entry type are not
    copied: a translation shows those of its source (articles.snapshot)."""
    check_writer(by)
    check_language(language)
    with transaction.atomic():
        source = locked(source)
        if source.is_translation or source.language != settings.LANGUAGE_CODE:
            raise ValidationError(
                f"“{source.title}” is itself a translation. Translate its English source instead."
            )
        if source.live_version_id is None:
            raise ValidationError(
                f"“{source.title}” is not published. Translate what readers see: publish the "
                "English article first."
            )
        if Article.objects.filter(translation_of=source, language=language).exists():
            raise ValidationError(
                f"“{source.title}” already has a translation into {language_name(language)}. Open it to change it."
            )
        version = PublishedVersion.objects.get(pk=source.live_version_id)
        content = article_content.in_current_format(version.content)
        translation = Article(
            title=content["title"],
            slug=Article.objects.free_slug(f"{content['slug'][:240]}-{language}"),
            summary=content["summary"],
            entry_type=source.entry_type,
            created_by=by,
            language=language,
            translation_of=source,
            translated_from=version,
        )
        translation.save()
        for order, section in enumerate(content["sections"]):
            Section(
                article=translation,
                heading=section["heading"],
                toc_label=section.get("toc_label", ""),
                anchor=section["anchor"],
                body=section["body"],
                order=order,
            ).save()
        for part in LIST_PARTS:
            model = getattr(Article, part.key).rel.related_model
            for order, item in enumerate(content.get(part.key, [])):
                values = {part.fields[0]: item} if part.flat else {f: item.get(f, "") for f in part.fields}
                model(article=translation, order=order, **values).save()
        record(
            translation,
            by,
            WorkflowEvent.Action.CREATED,
            comment=f"{language_name(language)} translation of “{source.title}”, "
            f"made from English version {version.number}.",
        )
        translation.last_edited_by = by
        translation.last_edited_at = timezone.now()
        translation.save(update_fields=["last_edited_by", "last_edited_at"])
    return translation


def mark_up_to_date(translation: Article, *, by: User, version: PublishedVersion | None = None) -> Article:
    """The translator says `translation` now follows `version` of its English source
    (by default the live one): they have updated what changed since the version it was
    made from. An edit like any other: an approval of the translation as it was goes
    stale, and readers see the update once it is reviewed and published again."""
    check_writer(by)
    with transaction.atomic():
        given, translation = translation, locked(translation)
        if not translation.is_translation:
            raise ValidationError(f"“{translation.title}” is not a translation.")
        source = Article.objects.get(pk=translation.translation_of_id)
        if version is None:
            if source.live_version_id is None:
                raise ValidationError(
                    f"The English article “{source.title}” is not published, so there is no "
                    "version to bring the translation up to."
                )
            version = PublishedVersion.objects.get(pk=source.live_version_id)
        if version.article_id != source.pk:
            raise ValidationError(
                f"That is a version of another article, not of the English source “{source.title}”."
            )
        if translation.translated_from_id == version.pk:
            raise ValidationError(f"The translation already follows English version {version.number}.")
        before = draft_content(translation)[1]
        previous = translation.translated_from.number if translation.translated_from_id else None
        translation.translated_from = version
        translation.save(update_fields=["translated_from", "updated_at"])
        given.translated_from = version
        comment = f"Brought up to English version {version.number}" + (
            f" (was made from version {previous})." if previous else "."
        )
        if not record_edit(translation, by=by, fingerprint_before=before, comment=comment):
            record(
                translation, by, WorkflowEvent.Action.EDITED, from_state=translation.state, comment=comment
            )
        for name in ("state", "revision", "last_edited_by_id", "last_edited_at", "updated_at"):
            setattr(given, name, getattr(translation, name))
    return given
