"""The admin of references and audiences as articles see them: content that many
articles share, so that changing or deleting one is an edit of each article showing it."""

from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from articles import usage, workflow
from audiences.admin import AudienceAdmin
from audiences.models import Audience
from references.admin import ReferenceAdmin
from references.models import Reference


class ArticleContentAdminMixin:
    """References and audiences are shared; a change to one is an edit of every article
    that shows it. Record it on each, so approvals go stale and the editor counts among
    the article's writers (who may not approve it).

    Deleting one is refused, with the articles named, while a live page shows it (see
    `articles.usage`); otherwise it is recorded as an edit of every article whose draft
    showed it, like any other change."""

    actions = ["delete_selected"]

    def articles_showing(self, obj):
        """Articles whose working copy shows `obj`."""
        raise NotImplementedError

    def deletion_blockers(self, obj):
        """Why `obj` may not be deleted now: a list of sentences naming the articles."""
        live = list(usage.live_articles_showing(obj))
        if not live:
            return []
        return [
            f"live pages show it ({usage.titles(live)}); publish those articles without it, "
            "or withdraw them, first"
        ]

    def deletion_refusal(self, objs):
        reasons = [
            f"“{obj}” cannot be deleted: {'; '.join(why)}."
            for obj in objs
            if (why := self.deletion_blockers(obj))
        ]
        return " ".join(reasons)

    def _warn_also_changed(self, request, changed, doing):
        if changed:
            messages.warning(
                request,
                f"{doing} is also a change to {len(changed)} article{'s' if len(changed) > 1 else ''} "
                f"({', '.join(a.title for a in changed)}): approved or published ones need a new review "
                "before readers see it.",
            )

    def save_model(self, request, obj, form, change):
        articles = list(self.articles_showing(obj)) if change else []
        before = {article.pk: workflow.draft_content(article)[1] for article in articles}
        super().save_model(request, obj, form, change)
        changed = [
            a for a in articles if workflow.record_edit(a, by=request.user, fingerprint_before=before[a.pk])
        ]
        self._warn_also_changed(request, changed, "This change")

    # --- deleting ------------------------------------------------------------------

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            refusal = self.deletion_refusal([obj])
            if refusal:
                messages.error(request, refusal)
                opts = self.model._meta
                return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        refusal = self.deletion_refusal(queryset)
        if refusal:
            messages.error(request, f"Nothing was deleted. {refusal}")
            return None
        return admin_actions.delete_selected(self, request, queryset)

    def delete_model(self, request, obj):
        self._delete_recording_edits(
            request, [obj], lambda: super(ArticleContentAdminMixin, self).delete_model(request, obj)
        )

    def delete_queryset(self, request, queryset):
        self._delete_recording_edits(
            request,
            list(queryset),
            lambda: super(ArticleContentAdminMixin, self).delete_queryset(request, queryset),
        )

    def _delete_recording_edits(self, request, objs, delete):
        with transaction.atomic():
            articles = {a.pk: a for obj in objs for a in self.articles_showing(obj)}
            before = {pk: workflow.draft_content(a)[1] for pk, a in articles.items()}
            delete()
            changed = [
                a
                for a in articles.values()
                if workflow.record_edit(a, by=request.user, fingerprint_before=before[a.pk])
            ]
        self._warn_also_changed(request, changed, "Deleting it" if len(objs) == 1 else "Deleting them")


admin.site.unregister(Reference)


@admin.register(Reference)
class CitedReferenceAdmin(ArticleContentAdminMixin, ReferenceAdmin):
    def articles_showing(self, reference):
        return usage.articles_citing(reference)

    def deletion_blockers(self, reference):
        # A draft's text may refer to its references by number: taking one out from
        # under it would renumber the rest. The writer removes it from the article.
        citing = list(self.articles_showing(reference))
        cited = [f"articles cite it ({usage.titles(citing)}); remove it from their references first"]
        return (cited if citing else []) + super().deletion_blockers(reference)


admin.site.unregister(Audience)


@admin.register(Audience)
class ArticleAudienceAdmin(ArticleContentAdminMixin, AudienceAdmin):
    def articles_showing(self, audience):
        return usage.articles_tagged(audience)
