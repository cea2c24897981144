"""The surveys admin: editors build surveys (questions ordered by drag and drop, choices
too) and read the results; reviewers read them. Questions readers have seen keep their
meaning: they can be retired, never changed or deleted (see surveys.models)."""

from adminsortable2.admin import (
    SortableAdminBase,
    SortableStackedInline,
    SortableTabularInline,
)
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from surveys import admin_articles, admin_views  # noqa: F401  (admin_articles: columns in the article admin)
from surveys.models import FIXED_MEANING_MESSAGE, Choice, Question, Survey, SurveyAssignment
from xrays.rich_text import RichTextWidget
from xrays.sortable_admin import SortableAdminMedia

# adminsortable2 names its inline templates after Django's version and has none for
# 6.1 yet; the 6.0 ones fit Django 6.1's admin (as in articles/admin.py).
STACKED_TEMPLATE = "adminsortable2/edit_inline/stacked-django-6.0.html"
TABULAR_TEMPLATE = "adminsortable2/edit_inline/tabular-django-6.0.html"

# Each text beside its Spanish (surveys.models says why fields, not a table).
QUESTION_FIELDS = [
    "kind",
    ("text", "text_es"),
    ("help_text", "help_text_es"),
    "required",
    ("scale_min", "scale_max"),
    ("scale_min_label", "scale_max_label"),
    ("scale_min_label_es", "scale_max_label_es"),
    "retired",
]
SPANISH_QUESTION_FIELDS = ["text_es", "help_text_es", "scale_min_label_es", "scale_max_label_es"]


class QuestionForm(forms.ModelForm):
    """Locks what a question asks once readers have seen it."""

    class Meta:
        model = Question
        fields = [
            "survey",
            "order",
            *Question.MEANING_FIELDS,
            "help_text",
            "required",
            "retired",
            *SPANISH_QUESTION_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = self.instance.has_been_seen()
        if self.seen:
            for name in (*Question.MEANING_FIELDS, "survey"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Fixed: readers have answered this question."

    def clean(self):
        cleaned = super().clean()
        if self.seen and cleaned.get("DELETE"):
            raise ValidationError(f"“{self.instance}” cannot be deleted. {FIXED_MEANING_MESSAGE}")
        return cleaned


class QuestionInline(SortableStackedInline):
    model = Question
    form = QuestionForm
    template = STACKED_TEMPLATE
    fields = [*QUESTION_FIELDS, "choice_list"]
    readonly_fields = ["choice_list"]
    extra = 0
    show_change_link = True

    @admin.display(description="Choices")
    def choice_list(self, question):
        if not question.pk:
            return "Save the survey, then add the choices on the question's own page."
        if not question.has_choices:
            return "–"
        texts = [c.text for c in question.choices.all()]
        return format_html(
            '{} · <a href="{}">Edit the choices</a>',
            " · ".join(texts) or "No choices yet",
            reverse("admin:surveys_question_change", args=[question.pk]),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("choices")


class SurveyAssignmentInline(admin.TabularInline):
    model = SurveyAssignment
    autocomplete_fields = ["article"]
    extra = 0


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "title_es",
            "slug",
            "invitation",
            "invitation_es",
            "introduction",
            "introduction_es",
            "is_open",
            "is_default",
        ]
        widgets = {"introduction": RichTextWidget(), "introduction_es": RichTextWidget()}


@admin.register(Survey)
class SurveyAdmin(SortableAdminMedia, SortableAdminBase, admin.ModelAdmin):
    form = SurveyForm
    change_form_template = "admin/surveys/survey/change_form.html"
    list_display = ["title", "slug", "is_open", "is_default", "response_count", "results_link"]
    list_filter = ["is_open", "is_default"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline, SurveyAssignmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if not admin_views.may_view_results(request.user):
            return [name for name in shown if name != "results_link"]
        return shown

    @admin.display(description="Responses", ordering="response_count")
    def response_count(self, survey):
        return survey.response_count

    @admin.display(description="Results")
    def results_link(self, survey):
        return format_html(
            '<a href="{}">Results</a>', reverse("admin:surveys_survey_results", args=[survey.pk])
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/results/",
                view(lambda r, pk: admin_views.results_page(r, pk, self.admin_site)),
                name="surveys_survey_results",
            ),
            path("<int:pk>/results.csv", view(admin_views.results_csv), name="surveys_survey_results_csv"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, unquote(object_id))
        if survey is not None and request.method == "GET" and survey.responses.exists():
            messages.info(
                request,
                "Readers have answered this survey. Questions they have seen cannot be changed or deleted: "
                "tick “Retired” to stop asking one, and add a new question instead. Old answers stay in the results.",
            )
        extra_context = {
            **(extra_context or {}),
            "may_view_results": admin_views.may_view_results(request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)


class ChoiceInline(SortableTabularInline):
    """Choices with their Spanish. Once readers have seen the question, its choices are
    fixed, but for their Spanish, which can still be written or corrected."""

    model = Choice
    template = TABULAR_TEMPLATE
    fields = ["text", "text_es"]
    extra = 0

    def _editable(self, request, obj):
        return obj is None or not obj.has_been_seen()

    def get_readonly_fields(self, request, obj=None):
        return [] if self._editable(request, obj) else ["text"]

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(SortableAdminMedia, SortableAdminBase, admin.ModelAdmin):
    """A question with its choices (ordered by drag and drop); reached from its survey."""

    form = QuestionForm
    list_display = ["text", "survey", "kind", "required", "retired"]
    list_filter = ["survey", "kind", "retired"]
    search_fields = ["text"]
    fields = ["survey", *QUESTION_FIELDS]
    inlines = [ChoiceInline]

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # one at a time, so a refusal can say why
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, unquote(object_id))
        if question is not None and request.method == "GET" and question.has_been_seen():
            messages.info(request, FIXED_MEANING_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        question = self.get_object(request, unquote(object_id))
        if question is not None and question.has_been_seen():
            messages.error(request, f"“{question}” cannot be deleted. {FIXED_MEANING_MESSAGE}")
            return redirect(reverse("admin:surveys_question_change", args=[question.pk]))
        return super().delete_view(request, object_id, extra_context)
