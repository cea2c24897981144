"""The inlines of the article admin page: sections, the ordered lists, citations, and the
read-only record (versions, reviews, workflow events)."""

from adminsortable2.admin import SortableStackedInline, SortableTabularInline
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.admin.forms import SectionForm
from articles.models import (
    Citation,
    ClinicalTrial,
    DoctorQuestion,
    Guideline,
    PublishedVersion,
    Resource,
    Review,
    Section,
    WorkflowEvent,
)
from xrays.read_only_admin import ReadOnlyAdminMixin
from xrays.text_fields import TEXTAREA_FIELDS

# adminsortable2 names its inline templates after Django's version and has none for
# 6.1 yet; the 6.0 ones fit Django 6.1's admin.
STACKED_TEMPLATE = "adminsortable2/edit_inline/stacked-django-6.0.html"
TABULAR_TEMPLATE = "adminsortable2/edit_inline/tabular-django-6.0.html"


class SectionInline(SortableStackedInline):
    model = Section
    form = SectionForm
    template = STACKED_TEMPLATE
    formfield_overrides = TEXTAREA_FIELDS  # a section unchanged is not "Changed Body"
    fields = ["heading", "toc_label", "anchor", "body"]
    readonly_fields = ["formatted_body"]
    extra = 0

    def get_fields(self, request, obj=None):
        # Those who only read (reviewers) see the text formatted, not its HTML source.
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            return ["formatted_body" if name == "body" else name for name in fields]
        return fields

    @admin.display(description="Body")
    def formatted_body(self, section):
        # Sanitised by the one bleach policy when it was saved (Section.save).
        return mark_safe(section.body)


class OrderedTabularInline(SortableTabularInline):
    template = TABULAR_TEMPLATE
    formfield_overrides = TEXTAREA_FIELDS
    extra = 0


class DoctorQuestionInline(OrderedTabularInline):
    model = DoctorQuestion
    fields = ["text"]


class ClinicalTrialInline(OrderedTabularInline):
    model = ClinicalTrial
    fields = ["title", "registry_id", "url"]


class GuidelineInline(OrderedTabularInline):
    model = Guideline
    fields = ["issuing_body", "title", "url"]


class ResourceInline(OrderedTabularInline):
    model = Resource
    fields = ["title", "url", "description"]


class KnownChoicesAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete box, which shows the selected option from `known`
    ({pk: object}, set per request) instead of a query per row; unknown values fall
    back to the query."""

    known = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = self.known or {}
        if not selected or any(v not in known for v in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for v in selected[:1]:
            label = self.choices.field.label_from_instance(known[v])
            options.append(self.create_option(name, known[v].pk, label, set(selected), len(options)))
        return [(None, options, 0)]


class CitationInline(OrderedTabularInline):
    model = Citation
    fields = ["reference", "is_original_story"]
    autocomplete_fields = ["reference"]
    verbose_name = "reference"
    verbose_name_plural = "references (numbered in this order)"

    def get_queryset(self, request):
        # Each row is titled with its reference (Citation.__str__).
        return super().get_queryset(request).select_related("reference")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["reference"]
        widget = KnownChoicesAutocompleteSelect(
            field.widget.widget.field, self.admin_site, attrs=field.widget.widget.attrs
        )
        widget.choices = field.widget.widget.choices
        # Every reference this article cites, in one query, for all its rows.
        widget.known = {str(r.pk): r for r in obj.references.all()} if obj is not None else {}
        field.widget.widget = widget
        return formset


class RecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A read-only list on the article page: the record is never edited by hand."""

    related = ()  # the people each row names, fetched with the rows
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)


class PublishedVersionInline(RecordInline):
    model = PublishedVersion
    fk_name = "article"
    related = ["published_by"]
    fields = ["number", "published_at", "published_by", "change_summary", "compare_link"]
    readonly_fields = fields
    verbose_name_plural = "publish history"

    @admin.display(description="")
    def compare_link(self, obj):
        url = reverse("admin:articles_article_compare", args=[obj.article_id])
        if obj.number == 1:
            return ""
        return format_html('<a href="{}?from={}&amp;to={}">What changed</a>', url, obj.number - 1, obj.number)


class ReviewInline(RecordInline):
    model = Review
    related = ["reviewer"]
    fields = ["created_at", "reviewer", "decision", "comment", "current"]
    readonly_fields = fields
    verbose_name_plural = "review history"

    draft_fingerprint = None  # set per request by ArticleAdmin.get_inline_instances

    @admin.display(boolean=True, description="Covers the current draft")
    def current(self, obj):
        return obj.decision == Review.Decision.APPROVED and obj.fingerprint == self.draft_fingerprint


class WorkflowEventInline(RecordInline):
    model = WorkflowEvent
    related = ["actor"]
    fields = ["created_at", "actor", "action", "from_state", "to_state", "comment"]
    readonly_fields = fields
    verbose_name_plural = "editorial record"
