"""How the article admin changes for a translation: its form holds only its own words
and address, written beside the English (articles/admin/side_by_side.py); what it shares
with its English source (entry type, audiences, ratings, references) is shown read-only,
as readers will see it: from the source's live version."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.admin.forms import TranslationForm
from articles.admin.side_by_side import source_content

# Not on a translation's page: ratings and references are the English article's.
SHARED_INLINES = {"ArticleRatingInline", "CitationInline"}

TRANSLATION_FIELDSETS = [
    (None, {"fields": ["title", "slug", "summary", "posted_on", "edit_revision"]}),
    ("Shared with the English article", {"fields": ["shared_with_source"]}),
    ("Status", {"fields": ["state_summary", "live_link", "preview_link"]}),
]


class TranslationAdminMixin:
    """Mixed into ArticleAdmin (before ModelAdmin)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.is_translation:
            # Each request's form carries the English it is written beside.
            kwargs["form"] = type("TranslationForm", (TranslationForm,), {"source": source_content(obj)})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.is_translation:
            return TRANSLATION_FIELDSETS
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is not None and obj.is_translation:
            return [inline for inline in inlines if inline.__name__ not in SHARED_INLINES]
        return inlines

    @admin.display(description="Shared with the English article")
    def shared_with_source(self, obj):
        source = obj.translation_of
        version = source.live_version
        if version is None:
            return format_html(
                'The English article <a href="{}">{}</a> is not on the site: its type, audiences, '
                "ratings and references are shown once it is published again.",
                _change_url(source),
                source.title,
            )
        content = version.content
        rows = [
            ("Type of entry", (content.get("entry_type") or {}).get("name", "")),
            ("Relevant for", _names(content.get("relevant_for", []))),
            ("Also relevant for", _names(content.get("also_relevant_for", []))),
            (
                "Ratings",
                "; ".join(f"{r.get('name')}: {r.get('level')}" for r in content.get("ratings", [])) or "none",
            ),
            ("References", f"{len(content.get('references', []))} (numbered as in English)"),
        ]
        return format_html(
            '<p>These come from <a href="{}" lang="en">{}</a> (English version {}) and are changed there; '
            "readers of the translation see them as the English article's live page shows them.</p>"
            '<dl class="xr-shared" lang="en">{}</dl>',
            _change_url(source),
            source.title,
            version.number,
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _names(audiences):
    return ", ".join(a["name"] for a in audiences) or "none"
