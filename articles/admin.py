from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from articles import workflow
from articles.content import snapshot
from articles.models import (
    Article,
    Citation,
    ClinicalTrial,
    DoctorQuestion,
    Guideline,
    PublishedVersion,
    Resource,
    Section,
)
from articles.views import article_context
from audiences.models import Audience
from glossary.preferences import glossary_enabled


class OrderedInline(admin.StackedInline):
    extra = 0


class SectionInline(OrderedInline):
    model = Section
    fields = ["order", "heading", "toc_label", "anchor", "body"]


class TabularOrderedInline(admin.TabularInline):
    extra = 0


class DoctorQuestionInline(TabularOrderedInline):
    model = DoctorQuestion
    fields = ["order", "text"]


class ClinicalTrialInline(TabularOrderedInline):
    model = ClinicalTrial
    fields = ["order", "title", "registry_id", "url"]


class GuidelineInline(TabularOrderedInline):
    model = Guideline
    fields = ["order", "issuing_body", "title", "url"]


class ResourceInline(TabularOrderedInline):
    model = Resource
    fields = ["order", "title", "url", "description"]


class CitationInline(TabularOrderedInline):
    model = Citation
    fields = ["order", "reference", "is_original_story"]
    autocomplete_fields = ["reference"]
    verbose_name = "reference"
    verbose_name_plural = "references (numbered in this order)"


class PublishedVersionInline(admin.TabularInline):
    model = PublishedVersion
    fields = ["number", "published_at", "published_by", "change_summary"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "publish history"

    def has_add_permission(self, request, obj=None):
        return False


class AudienceChoiceField(forms.ModelMultipleChoiceField):
    """Audiences are a fixed list editors pick from; taggit's free-text box would split
    "people with breast cancer" into four tags."""

    def __init__(self, label, **kwargs):
        super().__init__(
            queryset=Audience.objects.all(),
            required=False,
            label=label,
            widget=FilteredSelectMultiple("audiences", is_stacked=False),
            **kwargs,
        )


class ArticleForm(forms.ModelForm):
    relevant_for = AudienceChoiceField("This article is relevant for")
    also_relevant_for = AudienceChoiceField("This article is also relevant for")

    class Meta:
        model = Article
        fields = ["title", "slug", "summary", "posted_on", "relevant_for", "also_relevant_for"]

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("relevant_for") or []) & set(cleaned.get("also_relevant_for") or [])
        if both:
            names = ", ".join(sorted(a.name for a in both))
            self.add_error("also_relevant_for", f"Already listed as relevant for: {names}. Pick one list.")
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "state", "is_live", "posted_on", "updated_at"]
    list_filter = ["state", "relevant_for"]
    search_fields = ["title", "summary", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["state", "live_link", "preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "posted_on"]}),
        ("Who it is for", {"fields": ["relevant_for", "also_relevant_for"]}),
        ("Status", {"fields": ["state", "live_link", "preview_link"]}),
    ]
    inlines = [
        SectionInline,
        CitationInline,
        DoctorQuestionInline,
        ClinicalTrialInline,
        GuidelineInline,
        ResourceInline,
        PublishedVersionInline,
    ]
    actions = ["publish_selected"]

    def view_on_site(self, obj):
        # The public page while there is one; otherwise the preview of the draft.
        if obj.live_version_id:
            return obj.live_version.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return obj.live_version_id is not None

    @admin.display(description="Public page")
    def live_link(self, obj):
        if obj.live_version_id is None:
            return "Not published"
        version = obj.live_version
        return format_html(
            '<a href="{}">{}</a> (version {})',
            version.get_absolute_url(),
            version.get_absolute_url(),
            version.number,
        )

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save the draft to preview it."
        return format_html(
            '<a href="{}">Preview this draft as readers will see it</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
        )

    @admin.action(description="Publish the selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            try:
                version = workflow.publish(article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{article}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                messages.success(request, f'Published "{article}" as version {version.number}.')

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The draft exactly as readers will see it, with a banner."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = article_context(
            request, snapshot(article), glossary_on=glossary_enabled(request), preview=True
        )
        response = render(request, "articles/article_detail.html", context)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response
