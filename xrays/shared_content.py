"""Content that other content shows: a reference that articles cite, an audience they are
written for, a rating scale they are rated on. The app that owns it knows nothing of the
apps that show it (the dependency rules in pyproject.toml), yet a change to it is a
change to what they show, and deleting it may take something from under them.

So the admin of such content is a `SharedContentAdmin`, and each app that shows it
follows the model, from its AppConfig.ready():

    shared_content.follow(Reference, "articles", ArticlesShowing(articles_citing))

A follower (see `Follower`) says why an object may not be deleted now, and is told of
each change before it is saved; after the save (inlines included) or the delete, it
records what the change did to its own content and says so, e.g. "a change to 2
articles (…)". The admin refuses a delete that any follower objects to, naming the
reasons, and shows the editor what else each change changed ("This change is also …").

Following the same model again under the same name replaces the earlier follower, so a
ready() that runs twice does no harm. The owning app's admin stays its own class,
registered in its own admin module: no app unregisters or subclasses another's.
"""

from collections.abc import Sequence
from typing import Protocol

from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy


class PendingChange(Protocol):
    def record(self, *, by) -> str | None:
        """Called once the change is saved, by `by`: record what it did to the
        follower's content, and say it as what the change "is also" (or None)."""


class Follower(Protocol):
    def deletion_blockers(self, obj: models.Model) -> list[str]:
        """Why `obj` may not be deleted now, as clauses ("live pages show it (…)")."""

    def changing(self, objs: Sequence[models.Model]) -> PendingChange:
        """Called before `objs` are changed or deleted, while they are as they were."""


_followers: dict[str, dict[str, Follower]] = {}


def follow(model: type[models.Model], name: str, follower: Follower) -> None:
    """Have `follower` (named for the app that shows the content) follow `model`."""
    _followers.setdefault(model._meta.label_lower, {})[name] = follower


def followers(model: type[models.Model]) -> list[Follower]:
    return list(_followers.get(model._meta.label_lower, {}).values())


class SharedContentAdmin(admin.ModelAdmin):
    """The admin of content that other apps' content shows: it asks the model's
    followers before a delete, and tells them of every change and delete."""

    actions = ["delete_selected"]

    # --- what the followers say ---------------------------------------------------------

    def deletion_refusal(self, objs) -> str:
        """Why some of `objs` may not be deleted now ("" when all may go)."""
        reasons = []
        for obj in objs:
            why = [reason for follower in followers(self.model) for reason in follower.deletion_blockers(obj)]
            if why:
                reasons.append(f"“{obj}” cannot be deleted: {'; '.join(why)}.")
        return " ".join(reasons)

    def tell_followers_before(self, objs) -> list[PendingChange]:
        return [follower.changing(list(objs)) for follower in followers(self.model)]

    def tell_followers_after(self, request, pending: list[PendingChange], doing: str) -> None:
        """Each follower records what the change did; the editor reads what it also was."""
        for change in pending:
            if also := change.record(by=request.user):
                messages.warning(request, f"{doing} is also {also}")

    # --- changing: the form and its inlines are saved, then the followers record ---------

    _PENDING = "_shared_content_pending"

    def save_model(self, request, obj, form, change):
        # The followers see the object as it is in the database: the form is not saved yet.
        setattr(request, self._PENDING, self.tell_followers_before([obj]) if change else [])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.tell_followers_after(request, request.__dict__.pop(self._PENDING, []), "This change")

    # --- deleting -----------------------------------------------------------------------

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
        with transaction.atomic():
            pending = self.tell_followers_before([obj])
            super().delete_model(request, obj)
            self.tell_followers_after(request, pending, "Deleting it")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            objs = list(queryset)
            pending = self.tell_followers_before(objs)
            super().delete_queryset(request, queryset)
            self.tell_followers_after(request, pending, "Deleting it" if len(objs) == 1 else "Deleting them")
