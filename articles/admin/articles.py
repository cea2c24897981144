from adminsortable2.admin import SortableAdminBase
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from articles import workflow
from articles.admin import extensions, readability, translation_files, translation_views
from articles.admin import views as admin_views
from articles.admin.deletion import DraftDeletionAdmin
from articles.admin.filters import (
    AudienceFilter,
    AuthorFilter,
    LanguageFilter,
    ReviewerFilter,
    TranslationOutOfDateFilter,
)
from articles.admin.forms import ArticleForm, PreviewLinkForm, ReviewCommentForm
from articles.admin.inlines import (
    CitationInline,
    ClinicalTrialInline,
    DoctorQuestionInline,
    GuidelineInline,
    PublishedVersionInline,
    ResourceInline,
    ReviewInline,
    SectionInline,
    WorkflowEventInline,
)
from articles.admin.ratings import ArticleRatingInline
from articles.admin.translating import TranslationAdminMixin
from articles.models import (
    Article,
    Review,
    WorkflowEvent,
)
from articles.page import article_context
from articles.snapshot import snapshot
from glossary.preferences import glossary_enabled
from xrays.dates import long_date, time_in_zones
from xrays.read_only_admin import ReadOnlyAdminMixin
from xrays.sortable_admin import SortableAdminMedia
from xrays.text_fields import TEXTAREA_FIELDS


def state_details(article, approvals):
    """What an editor needs to know about the article's state, beyond its name."""
    State = Article.State
    have, need = approvals
    details = []
    if article.state == State.IN_REVIEW:
        details.append(f"{have} of {need} approvals of this draft")
    if article.state == State.SCHEDULED and article.scheduled_for:
        details.append(f"to be published {time_in_zones(article.scheduled_for, article.scheduled_time_zone)}")
        if article.scheduled_notify:
            details.append("its followers will be told")
        if article.schedule_problem:
            details.append(
                f"delayed: attempt {article.schedule_attempts} was stopped by {article.schedule_problem}; "
                "it will be tried again"
            )
    if article.state == State.SCHEDULING_FAILED:
        details.append(f"not published: {article.schedule_problem}")
    if article.state == State.WITHDRAWN and article.withdrawal_reason:
        details.append(f"reason: {article.withdrawal_reason}")
    return details


@admin.register(Article)
class ArticleAdmin(
    DraftDeletionAdmin, TranslationAdminMixin, SortableAdminMedia, SortableAdminBase, admin.ModelAdmin
):
    form = ArticleForm
    # The History names only what really changed (xrays/text_fields.py).
    formfield_overrides = TEXTAREA_FIELDS
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "language", "state", "is_live", "last_edited_by", "last_edited_at"]
    list_filter = [
        "state",
        LanguageFilter,
        TranslationOutOfDateFilter,
        AudienceFilter,
        AuthorFilter,
        ReviewerFilter,
    ]
    search_fields = ["title", "summary", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["state_summary", "live_link", "preview_link", "shared_with_source", "review_dates"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "entry_type", "summary", "posted_on", "edit_revision"]}),
        ("Who it is for", {"fields": ["relevant_for", "also_relevant_for"]}),
        ("Review dates", {"fields": ["review_interval_months", "review_dates"]}),
        ("Status", {"fields": ["state_summary", "live_link", "preview_link"]}),
    ]
    inlines = [
        ArticleRatingInline,
        SectionInline,
        CitationInline,
        DoctorQuestionInline,
        ClinicalTrialInline,
        GuidelineInline,
        ResourceInline,
        ReviewInline,
        PublishedVersionInline,
        WorkflowEventInline,
    ]

    # --- places other apps fill (articles/admin/extensions.py) ------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), *(c.display for c in extensions.list_columns())]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        for column in extensions.list_columns():
            if column.annotate is not None:
                queryset = column.annotate(queryset)
        return queryset

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *extensions.inlines()]

    @property
    def actions(self):
        # delete_selected: Django's, for drafts never published only (admin/deletion.py).
        return ["publish_selected", "delete_selected", *extensions.actions()]

    # --- saving: every edit is counted and recorded -----------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            request._article_fingerprint_before = workflow.draft_content(Article.objects.get(pk=obj.pk))[1]
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and "review_interval_months" in form.changed_data:
            workflow.review_interval_changed(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not change:
            workflow.record_created(article, by=request.user)
            return
        was_state = article.state
        if workflow.record_edit(
            article, by=request.user, fingerprint_before=request._article_fingerprint_before
        ):
            if was_state != article.state:
                messages.warning(
                    request,
                    "You changed an article that was "
                    f"{Article.State(was_state).label.lower()}: it is a draft again and needs a new "
                    "review before readers see the change."
                    if was_state == Article.State.PUBLISHED
                    else f"You changed an article that was {Article.State(was_state).label.lower()}: the approval no "
                    "longer covers it, so it needs a new review.",
                )

    # --- list columns --------------------------------------------------------------

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return obj.live_version_id is not None

    @admin.display(description="State")
    def state_summary(self, obj):
        if not obj.pk:
            return "New draft"
        approvals = workflow.approval_status(obj, getattr(obj, "draft_fingerprint", None))
        return " · ".join([obj.get_state_display(), *state_details(obj, approvals)])

    @admin.display(description="Reviewed")
    def review_dates(self, obj):
        if obj.reviewed_on is None:
            return "Not yet: the date is set when the article is published."
        return (
            f"By the Scientific Advisory Board on {long_date(obj.reviewed_on)}; "
            f"next review due {long_date(obj.next_review_due)}."
        )

    @admin.display(description="Public page")
    def live_link(self, obj):
        if obj.live_version_id is None:
            return "Not on the site"
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
            '<a href="{}">Preview the draft as readers will see it</a> · <a href="{}">Compare with the live version</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
            reverse("admin:articles_article_compare", args=[obj.pk]),
        )

    def view_on_site(self, obj):
        # The public page while there is one; otherwise the preview of the draft.
        if obj.live_version_id:
            return obj.live_version.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    # --- the list action -----------------------------------------------------------

    @admin.action(description="Publish the selected approved articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            try:
                version = workflow.publish(article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, f"{article}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                messages.success(request, f'Published "{article}" as version {version.number}.')

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    # --- pages of our own ----------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "review-queue/",
                view(admin_views.review_queue),
                {"admin_site": self.admin_site},
                name="articles_article_review_queue",
            ),
            path(
                "email-notifications/",
                view(admin_views.email_notifications),
                {"admin_site": self.admin_site},
                name="articles_email_notifications",
            ),
            # Not behind admin_view: a reader who is not staff gets a 404, not a log-in page.
            path("<int:pk>/preview/", self.preview_view, name="articles_article_preview"),
            path(
                "<int:pk>/compare/",
                view(admin_views.compare_view),
                {"admin_site": self.admin_site},
                name="articles_article_compare",
            ),
            # Translations (articles/admin/translation_views.py).
            path(
                "<int:pk>/translate/",
                view(translation_views.start_translation),
                name="articles_article_translate",
            ),
            path(
                "<int:pk>/source-changes/",
                view(translation_views.source_changes),
                {"admin_site": self.admin_site},
                name="articles_article_source_changes",
            ),
            path(
                "<int:pk>/up-to-date/",
                view(translation_views.mark_up_to_date),
                name="articles_article_translation_up_to_date",
            ),
            *translation_files.admin_urls(self),
            path(
                "<int:pk>/workflow/<slug:step>/",
                view(admin_views.workflow_step),
                name="articles_article_workflow",
            ),
            path("<int:pk>/comments/", view(admin_views.add_review_comment), name="articles_article_comment"),
            path(
                "<int:pk>/comments/<int:comment_pk>/resolve/",
                view(admin_views.resolve_review_comment),
                name="articles_article_resolve_comment",
            ),
            path(
                "<int:pk>/preview-links/",
                view(admin_views.create_preview_link),
                name="articles_article_preview_link",
            ),
            path(
                "<int:pk>/preview-links/<int:link_pk>/revoke/",
                view(admin_views.revoke_preview_link),
                name="articles_article_revoke_preview_link",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The draft exactly as readers will see it, with a banner."""
        if not self.admin_site.has_permission(request):
            raise Http404("No such page.")
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

    def get_object(self, request, object_id, from_field=None):
        # change_view and the form it renders share one instance per request, so the
        # draft's fingerprint is computed once (see change_view).
        cached = getattr(request, "_xrays_article", None)
        if cached is not None and str(cached.pk) == str(object_id):
            return cached
        article = super().get_object(request, object_id, from_field)
        request._xrays_article = article
        return article

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if isinstance(inline, ReviewInline):
                inline.draft_fingerprint = getattr(obj, "draft_fingerprint", None)
        return inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            user = request.user
            draft = workflow.draft_content(article)
            article.draft_fingerprint = draft[1]
            steps = workflow.available_steps(article, user, draft=draft)
            # A step refused or mistyped comes back here with what was typed (admin_views).
            returned = request.session.pop(admin_views.RETURNED_STEP_KEY, None)
            if returned and returned.get("article") != article.pk:
                returned = None
            extra_context.update(
                {
                    "steps": steps,
                    "step_forms": {
                        step: admin_views.step_form(
                            step, article, returned["data"] if returned and returned["step"] == step else None
                        )
                        for step in steps
                        if step in admin_views.STEP_VIEWS
                    },
                    "state_details": state_details(
                        article, workflow.approval_status(article, article.draft_fingerprint)
                    ),
                    "draft_fingerprint": article.draft_fingerprint,
                    # Shown beside the publish and schedule buttons: a caveat given with
                    # an approval must not sit unseen in the review history.
                    "round_reviews": Review.objects.in_current_round([article])
                    .with_comment()
                    .select_related("reviewer")
                    .order_by("created_at", "pk"),
                    "readability": readability.draft_report(draft[0], article.draft_fingerprint),
                    "can_add_glossary_term": user.has_perm("glossary.add_term"),
                    "comment_form": ReviewCommentForm(article=article),
                    "preview_link_form": PreviewLinkForm(),
                    "review_comments": [
                        self._with_can_resolve(comment, user)
                        for comment in article.review_comments.select_related(
                            "author", "resolved_by", "section"
                        )
                    ],
                    "preview_links": [
                        (link, admin_views.preview_link_url(request, link))
                        for link in article.preview_links.select_related("created_by")
                    ],
                    **translation_views.translation_context(article, user),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _with_can_resolve(comment, user):
        comment.can_resolve = workflow.may_resolve_comment(comment, user)
        return comment


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The editorial record of every article: read-only, nothing can delete it."""

    list_display = ["created_at", "article", "actor", "action", "from_state", "to_state", "comment"]
    list_filter = ["action", "actor"]
    search_fields = ["article__title", "comment"]
    date_hierarchy = "created_at"
