"""Deleting articles in the admin: a draft that never reached readers can go, with its
record (`articles.workflow.delete_draft`); an article that was ever published is never
offered for deletion (no button, and the list's action refuses it, saying why), since
withdrawing is the way to take it off the site."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as confirm_deletion
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst

from articles import workflow
from articles.models import Article, Review, WorkflowEvent


def _error_text(error):
    return " ".join(getattr(error, "messages", None) or [str(error)])


class DraftDeletionAdmin:
    """For the article admin: Django's delete page and "delete selected" action, with
    the deleting done by `workflow.delete_draft` and the rules from `workflow`."""

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        # No "Delete" button on an article that cannot be deleted.
        return obj is None or not workflow.deletion_refused(obj)

    def delete_view(self, request, object_id, extra_context=None):
        article = Article.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if article is not None and super().has_delete_permission(request, article):
            if reason := workflow.deletion_refused(article):
                # The address typed or bookmarked: say why, rather than an error page.
                messages.error(request, reason)
                return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """What the confirmation page lists. The drafts' reviews and editorial record
        are protected from any other deletion, but go with the draft (delete_draft):
        listed as going, not as standing in the way."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = [article.pk for article in objs]
        for model in (WorkflowEvent, Review):
            name = model._meta.verbose_name
            # Django lists each protected object as "<Verbose name>: <object>".
            protected = [item for item in protected if not str(item).startswith(f"{capfirst(name)}: ")]
            perms_needed.discard(name)
            if n := model.objects.filter(article__in=ids).count():
                counts[str(model._meta.verbose_name_plural)] = n
        return deleted, counts, perms_needed, protected

    def log_deletions(self, request, queryset):
        # workflow.delete_draft writes the admin log itself, naming what went.
        return []

    def delete_model(self, request, obj):
        workflow.delete_draft(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        workflow.delete_drafts(queryset, by=request.user)

    @admin.action(description="Delete selected drafts (never published)", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's action under its own name, refusing (with the reason, deleting
        nothing) a selection that holds an article ever published or scheduled."""
        ever_published = set(queryset.ever_published().values_list("pk", flat=True))
        refused = [
            reason
            for article in queryset
            if (reason := workflow.deletion_refused(article, ever_published=article.pk in ever_published))
        ]
        if refused:
            for reason in refused:
                messages.error(request, reason)
            messages.warning(request, "Nothing was deleted.")
            return None
        _, _, perms_needed, protected = self.get_deleted_objects(queryset, request)
        if not request.POST.get("post") or perms_needed or protected:
            # Django's page that asks "Are you sure?", or says what stands in the way.
            return confirm_deletion(self, request, queryset)
        try:
            count = workflow.delete_drafts(queryset, by=request.user)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, f"{_error_text(error)} Nothing was deleted.")
            return None
        messages.success(request, f"Deleted {count} draft{'' if count == 1 else 's'} with their records.")
        return None
