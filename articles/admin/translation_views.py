"""The translator's screens: the Translations box of an English article, the state of a
translation beside its source, starting a translation, what changed in English since a
translation was made, and saying it has been brought up to date.

The rules (what a translation is, when it is out of date) are articles.translations';
these views only call them and say what happened in plain words.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import translations, workflow
from articles.admin.compare import compare
from articles.models import Article, PublishedVersion
from xrays.dates import long_date


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def may_translate(user) -> bool:
    """Who may start a translation: whoever may add articles (a translation is one)."""
    return user.has_perm("articles.add_article")


def _error_text(error):
    return " ".join(getattr(error, "messages", None) or [str(error)])


@dataclass
class TranslationRow:
    """One language in the Translations box of an English article."""

    code: str
    name: str
    translation: Article | None
    out_of_date: bool

    @property
    def state(self) -> str:
        t = self.translation
        if t is None:
            return "Not translated yet"
        parts = [t.get_state_display()]
        if t.live_version_id:
            parts.append(f"readers see version {t.live_version.number}")
        if t.translated_from_id:
            parts.append(f"made from English version {t.translated_from.number}")
        return "; ".join(parts)


def translation_rows(source: Article) -> list[TranslationRow]:
    """Each language other than English, with the source's translation into it (one
    query for all)."""
    existing = {
        t.language: t
        for t in source.translations.select_related("translated_from", "live_version", "translation_of")
    }
    rows = []
    for code, name in translations.translation_languages().items():
        translation = existing.get(code)
        if translation is not None:
            # Already fetched: is_out_of_date reads the source from here.
            translation.translation_of = source
        rows.append(
            TranslationRow(
                code,
                name,
                translation,
                translation is not None and translations.is_out_of_date(translation),
            )
        )
    return rows


def translation_context(article: Article, user) -> dict:
    """What the change page of `article` shows about translations: the box of an
    English article, or the source and freshness of a translation."""
    if article.is_translation:
        source = article.translation_of
        return {
            "translation_source": source,
            "translation_out_of_date": translations.is_out_of_date(article),
            "translation_language": translations.language_name(article.language),
        }
    return {
        "translation_rows": translation_rows(article),
        "may_translate": may_translate(user),
        # The translators' files need the right to change articles (translation_files).
        "may_use_files": user.has_perm("articles.change_article"),
    }


# --- starting a translation --------------------------------------------------------


@require_POST
def start_translation(request, pk):
    source = get_object_or_404(Article, pk=pk)
    if not may_translate(request.user):
        raise PermissionDenied
    language = request.POST.get("language", "")
    try:
        translation = translations.start_translation(source, language, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error) or "This translation cannot be started.")
        return redirect(change_url(source) + "#translations")
    messages.success(
        request,
        f"The {translations.language_name(language)} translation is started, from English version "
        f"{translation.translated_from.number}. Write each text beside its English; "
        "submit it for review when it is ready.",
    )
    return redirect(change_url(translation))


# --- what changed in English since a translation was made ----------------------------


def _translation_or_404(pk):
    translation = get_object_or_404(
        Article.objects.select_related("translated_from", "translation_of__live_version"), pk=pk
    )
    if not translation.is_translation:
        raise Http404("This article is not a translation.")
    return translation


def source_changes(request, pk, *, admin_site):
    """The English source between the version the translation was made from and the
    live one, section by section: the translator updates only what changed."""
    if not workflow.may_read(request.user):
        raise PermissionDenied
    translation = _translation_or_404(pk)
    source = translation.translation_of
    made_from, live = translation.translated_from, source.live_version
    changes = compare(made_from.content, live.content) if live is not None else []
    context = {
        **admin_site.each_context(request),
        "title": f"What changed in English since “{translation.title}” was translated",
        "opts": Article._meta,
        "translation": translation,
        "source": source,
        "made_from": made_from,
        "live": live,
        "made_from_label": f"English version {made_from.number}, {long_date(made_from.published_at)}",
        "live_label": live and f"English version {live.number}, {long_date(live.published_at)}",
        "changes": [c for c in changes if c.changed],
        "unchanged": [c for c in changes if not c.changed],
        "out_of_date": translations.is_out_of_date(translation),
        "may_mark": request.user.has_perm("articles.change_article"),
    }
    return TemplateResponse(request, "admin/articles/article/source_changes.html", context)


@require_POST
def mark_up_to_date(request, pk):
    """The translator says the translation now follows English version N (the one the
    page showed them, not whatever is live by the time they press the button)."""
    translation = _translation_or_404(pk)
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    number = request.POST.get("version", "")
    version = (
        PublishedVersion.objects.filter(article=translation.translation_of, number=int(number)).first()
        if number.isdigit() and len(number) < 10
        else None
    )
    if version is None:
        messages.error(request, "That English version does not exist. Nothing was changed.")
        return redirect(change_url(translation))
    try:
        translations.mark_up_to_date(translation, by=request.user, version=version)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error) or "The translation could not be marked up to date.")
        return redirect(reverse("admin:articles_article_source_changes", args=[translation.pk]))
    messages.success(
        request,
        f"The translation now follows English version {version.number}. Submit it for review "
        "so that readers see the update.",
    )
    return redirect(change_url(translation))


# --- the review queue ----------------------------------------------------------------


def out_of_date_for_queue():
    """Translations whose English source was published again since they were made,
    oldest first, with what the queue shows of each (one query)."""
    return list(
        Article.objects.translations_out_of_date()
        .select_related("translated_from", "translation_of__live_version")
        .order_by("translation_of__live_version__published_at", "pk")
    )
