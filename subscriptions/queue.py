"""The deliveries waiting to go out, and how a sending run takes its share of them.

A run claims a few deliveries of one notice at a time (CLAIM_SIZE) in one short
transaction that writes the run's name (`claimed_by`) and the end of its lease
(`claimed_until`) on them. A run takes only deliveries nobody holds or whose lease
has run out, so two runs never send the same delivery; on PostgreSQL the claim reads
with SELECT … FOR UPDATE SKIP LOCKED, so concurrent claims pass each other, and on
SQLite its transaction holds the database's write lock.

A run's lease is short (LEASE) and a thread of the run's own renews it every
RENEW_EVERY seconds on a connection of its own (LeaseKeeper), whatever the run is
waiting for: a message that takes longer than the lease keeps its claim, and a lease
runs out only when its process has stopped. The deliveries of a worker that died are
then free again at most LEASE after it died, for the follow-up run that every run
schedules (subscriptions/tasks.py). django-tasks-db has no such thing for its own
tasks: the dead worker's task stays "running" in its table, and is never run again.

Each delivery is marked sent, and committed, right after the server accepts it
(SentMarks), while the server reads the next message's envelope. On PostgreSQL that
commit is durable like any other: skipping the wait for the disk (synchronous_commit
off) would let a crash of the database server send the last messages again."""

import contextlib
import datetime
import functools
import logging
import select
import threading
import time
import uuid

from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from subscriptions.models import Delivery, Notice, Subscription

# Each claim and each re-read costs a query of a few milliseconds whatever its size:
# larger claims spread it over more messages (and a dead run's lease holds more).
CLAIM_SIZE = 200
# A dead worker's claim waits this long for another run; a live run renews it three
# times within it, so one slow renewal (a busy database) does not lose it.
LEASE = datetime.timedelta(seconds=30)
RENEW_EVERY = 10.0  # seconds
RECHECK = 1.0  # seconds

logger = logging.getLogger(__name__)


def due_deliveries(now):
    """Queued, due, of a notice that is not paused, and held by no run."""
    # The few paused notices by key rather than a join: without the join, PostgreSQL
    # reads the due deliveries in order from the index and stops after the first few.
    paused = Notice.objects.filter(paused_at__isnull=False).values_list("pk", flat=True)
    return Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Delivery.Status.QUEUED,
        next_attempt_at__lte=now,
    ).exclude(notice_id__in=list(paused))


def has_due_deliveries(now=None):
    return due_deliveries(now or timezone.now()).exists()


def has_abandoned_deliveries(now):
    """Whether a run that stopped left deliveries claimed (their lease ran out: a run
    that ends gives back what it holds)."""
    return Delivery.objects.filter(status=Delivery.Status.QUEUED, claimed_until__lt=now).exists()


def first_lease_end(now):
    """When the first lease of a live run ends (a live run renews it), or None."""
    live = Delivery.objects.filter(status=Delivery.Status.QUEUED, claimed_until__gt=now)
    return live.aggregate(end=Min("claimed_until"))["end"]


def next_attempt_time():
    """When the earliest queued delivery is due and free to take, or None."""
    waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED, notice__paused_at__isnull=True)
    free_at = Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at"))
    return waiting.annotate(free_at=free_at).order_by("free_at").values_list("free_at", flat=True).first()


class Claim:
    """What one sending run holds."""

    def __init__(self):
        self.owner = uuid.uuid4().hex
        self.taken = 0
        self.keeper = None

    def take(self, limit):
        """Claim the first `limit` due deliveries, or as many of them as are of the
        notice of the first: (notice id, their keys in sending order), or (None, [])."""
        now = timezone.now()
        with transaction.atomic():
            due = due_deliveries(now).order_by("next_attempt_at", "pk")
            locked = due.select_for_update(skip_locked=True, of=("self",))
            rows = list(locked.values_list("pk", "notice_id")[:limit])
            if not rows:
                return None, []
            notice_id = rows[0][1]
            pks = [pk for pk, notice in rows if notice == notice_id]
            Delivery.objects.filter(pk__in=pks).update(claimed_by=self.owner, claimed_until=now + LEASE)
        self.taken += len(pks)
        if self.keeper is None:
            self.keeper = LeaseKeeper.start_for(self.owner)
        return notice_id, pks

    def read(self, pks, followed_by):
        """Those of `pks` this run still holds and may send, by key: each with its
        subscriber, and `still_follows` (the subscriber has a follow matching
        `followed_by`, a condition on Subscription), and which of those follows is the
        closest, for the reason the email gives: `follows_article`, or else
        `followed_audience` (an audience's key, or None: the whole site)."""
        held = Delivery.objects.filter(pk__in=pks, claimed_by=self.owner, status=Delivery.Status.QUEUED)
        follows = Subscription.objects.filter(followed_by, subscriber=OuterRef("subscriber_id"))
        sendable = (
            held.filter(notice__paused_at__isnull=True)
            .select_related("subscriber")
            .annotate(
                still_follows=Exists(follows),
                follows_article=Exists(follows.filter(article__isnull=False)),
                followed_audience=Subquery(
                    follows.filter(audience__isnull=False).order_by("audience_id").values("audience_id")[:1]
                ),
            )
        )
        return {delivery.pk: delivery for delivery in sendable}

    def release(self):
        """Give back what this run holds and did not send (deferred, paused, not reached)."""
        if self.keeper is not None:
            self.keeper.stop()
            self.keeper = None
        if self.taken:
            Delivery.objects.filter(claimed_by=self.owner, status=Delivery.Status.QUEUED).update(
                claimed_by="", claimed_until=None
            )


def renew(owner):
    """Extend the lease on what run `owner` holds; returns how many it holds."""
    held = Delivery.objects.filter(claimed_by=owner, status=Delivery.Status.QUEUED)
    return held.update(claimed_until=timezone.now() + LEASE)


class LeaseKeeper(threading.Thread):
    """Renews a run's lease every RENEW_EVERY seconds until stopped, on a connection of
    its own (Django's connections belong to one thread each), so that neither a slow
    message nor the sending loop's own waits can let the lease run out. A daemon: a
    killed worker takes it along, and its lease then runs out."""

    def __init__(self, owner):
        super().__init__(name=f"lease-{owner[:8]}", daemon=True)
        self.owner = owner
        self.stopped = threading.Event()

    @classmethod
    def start_for(cls, owner):
        """A running keeper for `owner`; None inside a transaction (tests), where
        another connection could not see the claim, and would wait for its lock."""
        if connection.in_atomic_block:
            return None
        keeper = cls(owner)
        keeper.start()
        return keeper

    def run(self):
        try:
            while not self.stopped.wait(RENEW_EVERY):
                try:
                    renew(self.owner)
                except DatabaseError as error:
                    # Tried again at the next beat, twice more before the lease ends.
                    logger.warning("Could not renew the sending run's lease: %s", error)
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


@contextlib.contextmanager
def quick_commits():
    """On SQLite, for the sending run, commits that do not wait for the disk
    (synchronous=NORMAL, safe with the write-ahead log the project uses): a killed
    worker loses nothing; a crash of the machine could lose the last marks, and those
    messages would go out again. (PostgreSQL commits each mark durably.)"""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside a transaction (tests) nothing commits until it ends, and SQLite
        # refuses the change.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(previous)}")


class SentMarks:
    """Marks deliveries sent, each committed: `begin` starts, `wait` returns once
    committed. The sending run begins a mark as it sends the next message's MAIL FROM
    and waits for it before that message's end (subscriptions/outbox.py).

    On PostgreSQL with psycopg2, the marks go over a connection of the run's own in
    psycopg2's asynchronous mode: `begin` sends the UPDATE and returns at once, and the
    database commits while the worker talks to the mail server. Elsewhere (SQLite,
    psycopg 3, or inside a transaction, as in tests, where another connection could not
    see the deliveries) `begin` marks at once on Django's connection."""

    TIMEOUT = 60  # seconds for one mark, on the connection of its own

    def __init__(self):
        self.own = own_connection()
        # psycopg2 forgets a command whose cursor is gone: the cursor is kept.
        self.cursor = self.own.cursor() if self.own is not None else None
        self.pending = False

    def begin(self, pk, when):
        if self.own is None:
            mark_sent(pk, when)
            return
        self.cursor.execute(_mark_sent_sql(), [Delivery.Status.SENT, when, pk])
        self.pending = True

    def wait(self):
        if self.pending:
            self.pending = False
            try:
                finish(self.own, self.TIMEOUT)
            except BaseException:
                # Its state is unknown: no more marks on it.
                self.close()
                raise

    def close(self):
        own, self.own, self.cursor = self.own, None, None
        if own is not None:
            own.close()


def own_connection():
    """A connection in psycopg2's asynchronous mode to Django's database, or None."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if is_psycopg3:
        return None
    import psycopg2

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    own = psycopg2.connect(**params, async_=1)
    try:
        finish(own, SentMarks.TIMEOUT)
    except BaseException:
        own.close()
        raise
    return own


def finish(own, timeout):
    """Wait until the asynchronous connection `own` is done with its last command."""
    from psycopg2.extensions import POLL_OK, POLL_READ

    deadline = time.monotonic() + timeout
    while (state := own.poll()) != POLL_OK:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise OperationalError(f"the database took over {timeout} s to mark a delivery sent")
        readable, writable = ([own], []) if state == POLL_READ else ([], [own])
        select.select(readable, writable, [], remaining)


def mark_sent(pk, when):
    """Record that the server accepted delivery `pk`, committed at once. Plain SQL in
    one round trip: this runs once per message, and the ORM would build the statement
    anew each time."""
    with connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(), [Delivery.Status.SENT, connection.ops.adapt_datetimefield_value(when), pk]
        )


@functools.cache
def _mark_sent_sql():
    meta, quote = Delivery._meta, connection.ops.quote_name
    status, sent_at = (quote(meta.get_field(name).column) for name in ("status", "sent_at"))
    return (
        f"UPDATE {quote(meta.db_table)} SET {status} = %s, {sent_at} = %s WHERE {quote(meta.pk.column)} = %s"
    )
