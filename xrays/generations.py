"""Content generations: one number per scope of content ("glossary", "site", …) that
goes up, in the database, in the same transaction as every change to that content.

Anything derived from the content (the compiled glossary, site texts, later whole
pages) is cached under a key that includes the generation, so a change made by any
process, one row at a time or in bulk, reaches every process on its next request:
each process asks the database for the generations (one small query per request)
and a stale entry is simply never looked up again. A process-local cache is safe
under such keys; without them, one worker would go on showing a deleted definition.

    generations.track(Term, "glossary")          # saves and deletes bump "glossary"
    generations.cached("glossary", "glossary:entries", build)

`current(scope)` is an opaque string for cache keys: the number and a random tag, so
that a number taken by a change that was rolled back is never reused for other content.
"""

import hashlib
import secrets

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

# The generations read during the current request: one query serves every scope.
_request = Local()


def _stamps():
    stamps = getattr(_request, "stamps", None)
    if stamps is None:
        from xrays.models import Generation

        # Read on every request (a page from the cache costs little more): plain SQL
        # skips the ORM's work for three columns of a handful of rows.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT scope, number, tag FROM {Generation._meta.db_table}")
            stamps = {scope: f"{number}.{tag}" for scope, number, tag in cursor.fetchall()}
        if getattr(_request, "active", False):
            _request.stamps = stamps
    return stamps


def current(scope):
    """The generation of `scope`, as a string to put in cache keys."""
    return _stamps().get(scope, "0")


def all_current():
    """The generations of every scope, as one string for cache keys of what depends on
    all kinds of content (whole pages): any change anywhere gives a new string."""
    digest = hashlib.sha256(repr(sorted(_stamps().items())).encode()).hexdigest()
    return digest[:24]


def bump(scope, using=None):
    """Mark every cached copy of `scope`'s content as stale, in every process. Call it in
    the transaction that changes the content (signals and bulk writes of tracked models do)."""
    from xrays.models import Generation

    changed = {"number": F("number") + 1, "tag": secrets.token_hex(4)}
    with transaction.atomic(using=using):
        if not Generation.objects.using(using).filter(scope=scope).update(**changed):
            Generation.objects.using(using).bulk_create(
                [Generation(scope=scope, number=1, tag=changed["tag"])], ignore_conflicts=True
            )
            # Another process may have made the row at the same moment: count ours too.
            Generation.objects.using(using).filter(scope=scope).exclude(tag=changed["tag"]).update(**changed)
    _request.stamps = None


def cached(scope, key, build, timeout=3600):
    """`build()`, kept in the cache until `scope` changes (or `timeout` seconds pass)."""
    versioned_key = f"{key}:{current(scope)}"
    value = cache.get(versioned_key)
    if value is None:
        value = build()
        cache.set(versioned_key, value, timeout)
    return value


def track(model, scope):
    """Bump `scope` whenever a `model` row is saved or deleted, including the deletes of
    the admin's "Delete selected" action (Django sends post_delete for each row). Bulk
    writes that send no signals go through `GenerationQuerySet`."""

    def changed(sender, instance, using, **kwargs):
        bump(scope, using=using)

    uid = f"xrays.generations:{model._meta.label}:{scope}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    model.generation_scope = scope


class GenerationQuerySet:
    """Mix into a tracked model's QuerySet: `update`, `bulk_create` and `bulk_update`
    send no signals, so they bump the model's generation themselves."""

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            rows = super().update(**kwargs)
            if rows:
                bump(self.model.generation_scope, using=self.db)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            bump(self.model.generation_scope, using=self.db)
        return created

    def bulk_update(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            rows = super().bulk_update(objs, *args, **kwargs)
            bump(self.model.generation_scope, using=self.db)
        return rows


def _start_request(**kwargs):
    _request.active = True
    _request.stamps = None


def _finish_request(**kwargs):
    _request.active = False
    _request.stamps = None


request_started.connect(_start_request, dispatch_uid="xrays.generations.start")
request_finished.connect(_finish_request, dispatch_uid="xrays.generations.finish")
