"""The translators' files in the admin: download the PO file of an English article (or a
zip of every translation out of date) and upload the translated file back into the
draft of the translation. The files themselves are articles.translation_files'; these
views only check who asks, call it, and say what happened.

ArticleAdmin.get_urls includes `admin_urls(self)` (before its own catch-all patterns).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from articles import translation_files, translations
from articles.models import Article


def _may_use(user) -> bool:
    return user.is_active and user.has_perm("articles.change_article")


def _language(request) -> str:
    """The language asked for (?language=, or the form's), default the first one."""
    wanted = request.GET.get("language") or request.POST.get("language") or ""
    languages = list(translations.translation_languages())
    return wanted if wanted in languages else languages[0]


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def export_view(request, pk):
    if not _may_use(request.user):
        raise PermissionDenied
    source = get_object_or_404(Article, pk=pk)
    language = _language(request)
    try:
        data = translation_files.export_po(source, language)
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect(_change_url(source))
    name = translation_files.po_file_name(source, language)
    return _attachment(data, "text/x-gettext-translation; charset=utf-8", name)


@require_safe
def out_of_date_export_view(request):
    if not _may_use(request.user):
        raise PermissionDenied
    stale = Article.objects.translations_out_of_date()
    if not stale.exists():
        messages.info(request, "No translation is out of date: there is nothing to export.")
        return redirect(reverse("admin:articles_article_review_queue"))
    name = f"xrays-translations-out-of-date-{timezone.localdate():%Y-%m-%d}.zip"
    return _attachment(translation_files.export_out_of_date(), "application/zip", name)


class ImportForm(forms.Form):
    language = forms.ChoiceField(label="Language of the translation")
    file = forms.FileField(
        label="Translated PO file",
        help_text="The file exported from this article, with the translations filled in.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(translations.translation_languages().items())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > translation_files.MAX_FILE_BYTES:
            raise ValidationError(
                f"This file is too large ({upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{translation_files.MAX_FILE_BYTES // 1024 // 1024} MB). Upload the PO file exported from XRAYS."
            )
        return upload


@require_http_methods(["GET", "HEAD", "POST"])
def import_view(request, pk, *, admin_site):
    if not _may_use(request.user):
        raise PermissionDenied
    source = get_object_or_404(Article, pk=pk)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            language = form.cleaned_data["language"]
            try:
                translation, changed = translation_files.import_po_counted(
                    source, language, form.cleaned_data["file"].read(), by=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or "You may not change this translation.")
            else:
                count = f"{len(changed)} text{'s' if len(changed) != 1 else ''}"
                messages.success(
                    request,
                    f"Imported the {translations.language_name(language)} file: {count} changed in the draft. "
                    "Read it through, then submit it for review."
                    if changed
                    else "The file holds no text that differs from the draft: nothing changed.",
                )
                return redirect(_change_url(translation))
    else:
        form = ImportForm(initial={"language": _language(request)})
    context = {
        **admin_site.each_context(request),
        "title": f"Import a translation of “{source.title}”",
        "opts": Article._meta,
        "source": source,
        "form": form,
    }
    return TemplateResponse(request, "admin/articles/article/translation_import.html", context)


def admin_urls(model_admin) -> list:
    """The URL patterns of these views, for ArticleAdmin.get_urls."""
    view = model_admin.admin_site.admin_view
    return [
        path(
            "<int:pk>/translation-file/",
            view(export_view),
            name="articles_article_translation_export",
        ),
        path(
            "<int:pk>/translation-file/import/",
            view(import_view),
            {"admin_site": model_admin.admin_site},
            name="articles_article_translation_import",
        ),
        path(
            "translations-out-of-date.zip",
            view(out_of_date_export_view),
            name="articles_article_translations_out_of_date_export",
        ),
    ]
