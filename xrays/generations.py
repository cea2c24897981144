"""Content generations: one number per scope of content ("glossary", "site", …) that
goes up, in the database, in the same transaction as every change to that content.

Anything derived from the content (the compiled glossary, site texts, whole pages)
is cached under a key that includes the generation, so a change made by any process,
one row at a time or in bulk, reaches every process and a stale entry is simply never
looked up again. A process-local cache is safe under such keys; without them, one
worker would go on showing a deleted definition.

Reading the generations is one small query, and a page from the page cache needs
nothing else: so they are read from the database at most once every
GENERATIONS_MAX_AGE seconds (1) and shared through the default cache in between
(`_shared_stamps`). A change therefore reaches every process within that time. With
Redis the copy is shared by every process, and the commit that bumps a generation
deletes it, so every process sees the change on its next request; with a cache local
to each process, the process that made the change does, and the others within the
second. Inside a transaction the generations are always read from the database: the
transaction may have bumped one, and what it sees must not be shared before it commits.

Each scope is declared once, by the app that owns the content, in a module Django
imports at start-up (its models), and every use names that constant:

    GLOSSARY = generations.declare("glossary")   # glossary/models.py
    generations.track(Term, GLOSSARY)            # saves and deletes bump it
    generations.cached(GLOSSARY, "glossary:entries", build)

A scope nobody declared is refused with `UndeclaredScope` rather than read as "0":
a misspelt scope would otherwise be a cache that never invalidates. `make lint` finds
the same mistakes before the code runs (`xrays/checks.py`).

`current(scope)` is an opaque string for cache keys: the number and a random tag, so
that a number taken by a change that was rolled back is never reused for other content.
"""

import contextvars
import difflib
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

if TYPE_CHECKING:
    # What `GenerationQuerySet` is mixed into, for the type checker only: at run time it
    # stays a plain class, and each model's QuerySet puts models.QuerySet after it.
    _QuerySet = models.QuerySet[Any]
else:
    _QuerySet = object

# The longest name of a scope: the database keeps each in a row (`Generation.scope`).
SCOPE_MAX_LENGTH = 50


class Scope(str):
    """The name of a declared scope (what `declare` returns): a string, so that it is
    also the database row's name and reads as one in cache keys."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Scope({str.__repr__(self)})"


class UndeclaredScope(LookupError):
    """A generation scope that no app declared (a misspelling, or a forgotten `declare`)."""


_declared: dict[str, Scope] = {}

# The generations read during the current request, so that every key it makes agrees,
# and whether a request is running (outside one, e.g. in a worker, nothing is kept).
# Context variables, not asgiref's Local: they are as safe for async code and far
# cheaper, and a page-cache hit reads them several times.
_request_stamps: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "generations_stamps", default=None
)
_request_active: contextvars.ContextVar[bool] = contextvars.ContextVar("generations_active", default=False)


def declare(name: str) -> Scope:
    """Declare the scope `name` and return its constant. Call it once, at module level in
    the app that owns the content, and import the constant wherever the scope is used.
    Declaring the same name again returns the same scope."""
    if not isinstance(name, str) or not name or len(name) > SCOPE_MAX_LENGTH:
        raise ValueError(f"A generation scope is a name of 1 to {SCOPE_MAX_LENGTH} characters, not {name!r}.")
    return _declared.setdefault(name, Scope(name))


def declared() -> frozenset[Scope]:
    """Every scope declared so far (all of them, once Django has imported the apps' models)."""
    return frozenset(_declared.values())


def _name(scope: str) -> str:
    """The plain name of a declared scope, for the database and the stamps."""
    return str(_declared_scope(scope))


def _declared_scope(scope: str) -> Scope:
    try:
        return _declared[scope]
    except (KeyError, TypeError):
        pass
    close = difflib.get_close_matches(str(scope), list(_declared), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise UndeclaredScope(
        f"Generation scope {scope!r} is not declared; declared: {', '.join(sorted(_declared)) or 'none'}."
        f"{hint} The app that owns the content declares it once: "
        f"SCOPE = generations.declare({str(scope)!r}) in its models module."
    )


# The generations as last read from the database, with the time they were read (see
# the module's docstring), in the default cache.
SHARED_KEY = "generations:stamps"
# The default cache may drop the shared copy sooner; this only bounds its room. How old
# it may be is decided by `clock` and GENERATIONS_MAX_AGE, not by this timeout.
SHARED_TIMEOUT = 300

# Wall-clock time (several machines share one Redis). Tests replace it to step past
# GENERATIONS_MAX_AGE without waiting.
clock: Callable[[], float] = time.time


def _stamps() -> dict[str, str]:
    """The generations for this request: read once, so that every key it makes agrees."""
    stamps = _request_stamps.get()
    if stamps is None:
        stamps = _read() if connection.in_atomic_block else _shared_stamps()
        if _request_active.get():
            _request_stamps.set(stamps)
    return stamps


def _shared_stamps() -> dict[str, str]:
    """The shared copy while it is younger than GENERATIONS_MAX_AGE, else read afresh."""
    now = clock()
    shared = cache.get(SHARED_KEY)
    if shared is not None and 0 <= now - shared[0] < settings.GENERATIONS_MAX_AGE:
        return shared[1]
    stamps = _read()
    cache.set(SHARED_KEY, (now, stamps), SHARED_TIMEOUT)
    return stamps


def _read() -> dict[str, str]:
    from xrays.models import Generation

    # Plain SQL skips the ORM's work for three columns of a handful of rows.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, number, tag FROM {Generation._meta.db_table}")
        return {scope: f"{number}.{tag}" for scope, number, tag in cursor.fetchall()}


def _forget_shared() -> None:
    cache.delete(SHARED_KEY)


def current(scope: Scope) -> str:
    """The generation of `scope`, as a string to put in cache keys ("0" until it first
    changes). Raises `UndeclaredScope` for a scope no app declared."""
    return _stamps().get(_name(scope), "0")


def all_current() -> str:
    """The generations of every scope, as one string for cache keys of what depends on
    all kinds of content (whole pages): any change anywhere gives a new string."""
    global _last_digest
    stamps = _stamps()
    # Every page-cache lookup asks; the generations rarely change: work the digest out
    # again only when they do (comparing two small dicts is cheap, hashing is not).
    known, digest = _last_digest
    if stamps != known:
        digest = hashlib.sha256(repr(sorted(stamps.items())).encode()).hexdigest()[:24]
        _last_digest = (dict(stamps), digest)
    return digest


# The last generations `all_current` was asked about, and their digest.
_last_digest: tuple[dict[str, str] | None, str] = (None, "")


def bump(scope: Scope, using: str | None = None) -> None:
    """Mark every cached copy of `scope`'s content as stale, in every process. Call it in
    the transaction that changes the content (signals and bulk writes of tracked models do)."""
    from xrays.models import Generation

    name = _name(scope)

    tag = secrets.token_hex(4)
    changed = {"number": F("number") + 1, "tag": tag}
    with transaction.atomic(using=using):
        if not Generation.objects.using(using).filter(scope=name).update(**changed):
            Generation.objects.using(using).bulk_create(
                [Generation(scope=name, number=1, tag=tag)], ignore_conflicts=True
            )
            # Another process may have made the row at the same moment: count ours too.
            Generation.objects.using(using).filter(scope=name).exclude(tag=tag).update(**changed)
        # Once committed, the shared copy is out of date: every process that shares the
        # cache reads the new generation on its next request.
        transaction.on_commit(_forget_shared, using=using)
    _request_stamps.set(None)


def cached[T](scope: Scope, key: str, build: Callable[[], T], timeout: int | None = 3600) -> T:
    """`build()`, kept in the cache until `scope` changes (or `timeout` seconds pass)."""
    versioned_key = f"{key}:{current(scope)}"
    value = cache.get(versioned_key)
    if value is None:
        value = build()
        cache.set(versioned_key, value, timeout)
    return value


def track(model: type[models.Model], scope: Scope) -> None:
    """Bump `scope` whenever a `model` row is saved or deleted, including the deletes of
    the admin's "Delete selected" action (Django sends post_delete for each row). Bulk
    writes that send no signals go through `GenerationQuerySet`."""
    scope = _declared_scope(scope)

    def changed(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
        bump(scope, using=using)

    uid = f"xrays.generations:{model._meta.label}:{scope}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    # Read back by GenerationQuerySet; Model declares no such attribute.
    model.generation_scope = scope  # type: ignore[attr-defined]


class GenerationQuerySet(_QuerySet):
    """Mix into a tracked model's QuerySet: `update`, `bulk_create` and `bulk_update`
    send no signals, so they bump the model's generation themselves."""

    def update(self, **kwargs: Any) -> int:
        with transaction.atomic(using=self.db):
            rows = super().update(**kwargs)
            if rows:
                bump(self.model.generation_scope, using=self.db)
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            bump(self.model.generation_scope, using=self.db)
        return created

    def bulk_update(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> int:
        with transaction.atomic(using=self.db):
            rows = super().bulk_update(objs, *args, **kwargs)
            bump(self.model.generation_scope, using=self.db)
        return rows


def _start_request(**kwargs: Any) -> None:
    _request_active.set(True)
    _request_stamps.set(None)


def _finish_request(**kwargs: Any) -> None:
    _request_active.set(False)
    _request_stamps.set(None)


request_started.connect(_start_request, dispatch_uid="xrays.generations.start")
request_finished.connect(_finish_request, dispatch_uid="xrays.generations.finish")
