"""The deliveries waiting to go out, and how a sending run takes its share of them.

A run claims a few deliveries of one notice at a time (CLAIM_SIZE) in one short
transaction that writes the run's name (`claimed_by`) and the end of its lease
(`claimed_until`) on them. A run takes only deliveries nobody holds or whose lease
has run out, so two runs never send the same delivery; on PostgreSQL the claim reads
with SELECT … FOR UPDATE SKIP LOCKED, so concurrent claims pass each other, and on
SQLite its transaction holds the database's write lock.

A run re-reads what it still holds at least every RECHECK seconds (and before the
first message of each claim), renewing the lease once it is older than RENEW_AFTER,
so a lease runs out only when its run has stopped, or when one message takes longer
than four minutes (LEASE less RENEW_AFTER; the mail connection gives up after 30 s a
step). The deliveries of a worker
that died are taken again once its lease ends: at most LEASE after its last claim.

Each delivery is marked sent, and committed, right after the server accepts it
(SentMarks), while the server reads the next message's envelope. On PostgreSQL that
commit is durable like any other: skipping the wait for the disk (synchronous_commit
off) would let a crash of the database server send the last messages again."""

import contextlib
import datetime
import functools
import select
import time
import uuid

from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from subscriptions.models import Delivery, Notice, Subscription

# Each claim and each re-read costs a query of a few milliseconds whatever its size:
# larger claims spread it over more messages (and a dead run's lease holds more).
CLAIM_SIZE = 200
LEASE = datetime.timedelta(minutes=5)
RENEW_AFTER = 60  # seconds: a lease is renewed when it is older than this
RECHECK = 1.0  # seconds


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
        self.leased_at = None  # time.monotonic() of the last claim or renewal

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
        self.leased_at = time.monotonic()
        return notice_id, pks

    def read(self, pks, followed_by):
        """Those of `pks` this run still holds and may send, by key: each with its
        subscriber, and `still_follows` (the subscriber has a follow matching
        `followed_by`, a condition on Subscription). Renews the lease when it is due."""
        held = Delivery.objects.filter(pk__in=pks, claimed_by=self.owner, status=Delivery.Status.QUEUED)
        if time.monotonic() - self.leased_at > RENEW_AFTER:
            held.update(claimed_until=timezone.now() + LEASE)
            self.leased_at = time.monotonic()
        follows = Subscription.objects.filter(followed_by, subscriber=OuterRef("subscriber_id"))
        sendable = (
            held.filter(notice__paused_at__isnull=True)
            .select_related("subscriber")
            .annotate(still_follows=Exists(follows))
        )
        return {delivery.pk: delivery for delivery in sendable}

    def release(self):
        """Give back what this run holds and did not send (deferred, paused, not reached)."""
        if self.taken:
            Delivery.objects.filter(claimed_by=self.owner, status=Delivery.Status.QUEUED).update(
                claimed_by="", claimed_until=None
            )


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
