"""The editors' queue of readers' suggestions. Readers add them (the public form); editors
read them, and decide each once with the buttons under it: accept and start a draft,
decline (with an optional note to the reader), or mark a duplicate. The decisions are
services (suggestions/services.py); this admin only calls them.

A reader's link is shown as text, and opened only on purpose, in a new tab that gets
neither this page as its referrer nor a handle on it (rel="noopener noreferrer"). The
list says whether an address was left, not the address; the change page shows it."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.html import format_html

from articles.models import Article
from suggestions import services
from suggestions.models import Suggestion


class DuplicateOfFilter(admin.SimpleListFilter):
    title = "duplicate of"
    parameter_name = "duplicate_of"

    def lookups(self, request, model_admin):
        return [("article", "an article"), ("suggestion", "another suggestion"), ("none", "nothing")]

    def queryset(self, request, queryset):
        if self.value() == "article":
            return queryset.filter(duplicate_of_article__isnull=False)
        if self.value() == "suggestion":
            return queryset.filter(duplicate_of_suggestion__isnull=False)
        if self.value() == "none":
            return queryset.filter(duplicate_of_article__isnull=True, duplicate_of_suggestion__isnull=True)
        return queryset


def safe_link(url: str, text: str):
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">{}</a>',
        url,
        text,
    )


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "status",
        "link_text",
        "why_short",
        "left_an_address",
        "duplicate_of",
        "email_status",
    ]
    list_display_links = ["received_at"]
    list_filter = ["status", DuplicateOfFilter, "email_status", "language"]
    list_select_related = ["duplicate_of_article", "duplicate_of_suggestion", "article"]
    search_fields = ["link", "why"]
    date_hierarchy = "received_at"
    fields = [
        "status",
        "received_at",
        "link_and_open",
        "why",
        "email",
        "language",
        "came_from",
        "duplicate_of",
        "draft",
        "decided_at",
        "decided_by",
        "note_to_reader",
        "email_status",
        "email_sent_at",
        "email_error",
        "editors_note",
    ]
    readonly_fields = [name for name in fields if name != "editors_note"]
    change_form_template = "admin/suggestions/suggestion/change_form.html"

    def has_add_permission(self, request):
        return False  # readers send them, through the public form

    # --- columns -----------------------------------------------------------------------

    @admin.display(description="link")
    def link_text(self, suggestion):
        return format_html(
            '<span class="suggestion-link">{}</span> ({})',
            truncatechars(suggestion.link, 80),
            safe_link(suggestion.link, "open"),
        )

    @admin.display(description="news link")
    def link_and_open(self, suggestion):
        return format_html("{}<br>{}", suggestion.link, safe_link(suggestion.link, "Open in a new tab"))

    @admin.display(description="why it matters")
    def why_short(self, suggestion):
        return truncatechars(suggestion.why, 120)

    @admin.display(description="email left", boolean=True)
    def left_an_address(self, suggestion):
        return bool(suggestion.email) or suggestion.email_status != Suggestion.EmailStatus.NONE

    @admin.display(description="duplicate of")
    def duplicate_of(self, suggestion):
        parts = []
        if suggestion.duplicate_of_article_id:
            article = suggestion.duplicate_of_article
            url = reverse("admin:articles_article_change", args=[article.pk])
            parts.append(format_html('article <a href="{}">{}</a>', url, article.title))
        if suggestion.duplicate_of_suggestion_id:
            url = reverse("admin:suggestions_suggestion_change", args=[suggestion.duplicate_of_suggestion_id])
            parts.append(
                format_html('<a href="{}">suggestion {}</a>', url, suggestion.duplicate_of_suggestion_id)
            )
        return format_html(" and ".join(["{}"] * len(parts)), *parts) if parts else "-"

    @admin.display(description="draft started from it")
    def draft(self, suggestion):
        if not suggestion.article_id:
            return "-"
        url = reverse("admin:articles_article_change", args=[suggestion.article_id])
        return format_html('<a href="{}">{}</a>', url, suggestion.article.title)

    # --- the decisions ---------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/accept/", view(self.accept_view), name="suggestions_suggestion_accept"),
            path("<path:object_id>/decline/", view(self.decline_view), name="suggestions_suggestion_decline"),
            path(
                "<path:object_id>/duplicate/",
                view(self.duplicate_view),
                name="suggestions_suggestion_duplicate",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_decide": services.may_decide(request.user),
            "may_accept": services.may_accept(request.user),
            "articles": Article.objects.sources().order_by("title").only("pk", "title"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _decide(self, request, object_id, decide):
        """Run `decide(suggestion)` for a POST; the editor is told what happened or why
        not, and sees the suggestion again (or where `decide` leads)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        suggestion = get_object_or_404(Suggestion, pk=unquote(object_id)) if object_id.isdigit() else None
        if suggestion is None:
            return redirect("admin:suggestions_suggestion_changelist")
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        back = reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
        try:
            return decide(suggestion) or redirect(back)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect(back)

    def accept_view(self, request, object_id):
        def accept(suggestion):
            article = services.accept_suggestion(
                suggestion, by=request.user, title=request.POST.get("title", "")[:250]
            )
            messages.success(
                request,
                f"Suggestion accepted: the draft “{article.title}” has the link as its original story. "
                "Give it a real title, summary and sections." + self._email_note(suggestion),
            )
            return redirect("admin:articles_article_change", article.pk)

        return self._decide(request, object_id, accept)

    def decline_view(self, request, object_id):
        def decline(suggestion):
            services.decline_suggestion(suggestion, by=request.user, note=request.POST.get("note", "")[:2000])
            messages.success(request, "Suggestion declined." + self._email_note(suggestion))

        return self._decide(request, object_id, decline)

    def duplicate_view(self, request, object_id):
        def duplicate(suggestion):
            of_suggestion = of_article = None
            number = request.POST.get("of_suggestion", "").strip()
            if number:
                if not number.isdigit() or not (
                    of_suggestion := Suggestion.objects.filter(pk=number).first()
                ):
                    raise ValidationError(f"There is no suggestion number {number[:20]}.")
            article_id = request.POST.get("of_article", "").strip()
            if article_id:
                if not article_id.isdigit() or not (
                    of_article := Article.objects.filter(pk=article_id).first()
                ):
                    raise ValidationError("That article no longer exists.")
            services.mark_duplicate(
                suggestion, by=request.user, of_suggestion=of_suggestion, of_article=of_article
            )
            messages.success(request, "Suggestion marked as a duplicate. The reader is not emailed.")

        return self._decide(request, object_id, duplicate)

    @staticmethod
    def _email_note(suggestion):
        if suggestion.email_status == Suggestion.EmailStatus.DUE:
            return " The reader will get one email about it."
        return " The reader left no address, so no email is sent."
