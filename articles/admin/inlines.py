"""The inlines of the article admin page: sections, the ordered lists, citations, and the
read-only record (versions, reviews, workflow events)."""

from adminsortable2.admin import SortableStackedInline, SortableTabularInline
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.admin.forms import LIST_ITEM_FORMS, SectionForm
from articles.admin.side_by_side import SourceItems, formset_with_source, source_content, source_text
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


class WithSourceInline:
    """An inline whose rows, on a translation's page, show the English they translate
    (articles/admin/side_by_side.py): `source_key` names the snapshot's part."""

    source_key = ""
    by_anchor = False
    source_fields: tuple[str, ...] = ()
    rich_source_fields: tuple[str, ...] = ()
    # Set per request (inline instances are made per request) for the read-only column.
    read_only_source = None

    def _source_items(self, obj):
        content = source_content(obj)
        if content is None:
            return None
        return SourceItems(content.get(self.source_key), by_anchor=self.by_anchor)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        items = self._source_items(obj)
        if items is None:
            return formset
        return formset_with_source(formset, items, obj.language)

    def get_fields(self, request, obj=None):
        # Those who only read a translation (reviewers) see its English in a column of
        # its own, since there are no fields to put it beside.
        fields = list(super().get_fields(request, obj))
        items = self._source_items(obj)
        if items is None or self.has_change_permission(request, obj):
            return fields
        positions = self.get_queryset(request).filter(article=obj).values_list("pk", flat=True)
        self.read_only_source = (items, {pk: i for i, pk in enumerate(positions)})
        return ["english_source", *fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "english_source"]

    @admin.display(description="English")
    def english_source(self, item):
        if self.read_only_source is None:
            return ""
        items, positions = self.read_only_source
        return source_text(
            items.item_for(item, positions.get(item.pk)), self.source_fields, self.rich_source_fields
        )


class SectionInline(WithSourceInline, SortableStackedInline):
    model = Section
    source_key = "sections"
    # A translated section keeps its English section's anchor: links into the page
    # and the side-by-side matching (by anchor) both rely on it.
    by_anchor = True
    source_fields = ("heading", "body")
    rich_source_fields = ("body",)
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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_translation:
            readonly.append("anchor")
        return readonly

    @admin.display(description="Body")
    def formatted_body(self, section):
        # Sanitised by the one bleach policy when it was saved (Section.save).
        return mark_safe(section.body)


class OrderedTabularInline(SortableTabularInline):
    template = TABULAR_TEMPLATE
    formfield_overrides = TEXTAREA_FIELDS
    extra = 0


class ListPartInline(WithSourceInline, OrderedTabularInline):
    """One of the fixed lists (LIST_PARTS); a translation's items match the English
    ones by their place in the list."""


class DoctorQuestionInline(ListPartInline):
    model = DoctorQuestion
    source_key = "doctor_questions"
    source_fields = ("text",)
    form = LIST_ITEM_FORMS["doctor_questions"]
    fields = ["text"]


class ClinicalTrialInline(ListPartInline):
    model = ClinicalTrial
    source_key = "clinical_trials"
    source_fields = ("title", "registry_id", "url")
    form = LIST_ITEM_FORMS["clinical_trials"]
    fields = ["title", "registry_id", "url"]


class GuidelineInline(ListPartInline):
    model = Guideline
    source_key = "guidelines"
    source_fields = ("issuing_body", "title", "url")
    form = LIST_ITEM_FORMS["guidelines"]
    fields = ["issuing_body", "title", "url"]


class ResourceInline(ListPartInline):
    model = Resource
    source_key = "resources"
    source_fields = ("title", "url", "description")
    form = LIST_ITEM_FORMS["resources"]
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
