"""Real `manage.py db_worker` processes sending a notice: one killed mid-send and
started again (nothing lost, at most the message in flight repeated), and two at once
on PostgreSQL (no delivery sent twice)."""

import collections
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from subscriptions import notices, queue
from subscriptions.models import Delivery, Subscriber, Subscription

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(smtp_server, *args):
    """`manage.py db_worker` in its own process, on the test database, mailing the
    loopback server: the project's settings, as a deployment runs them."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xrays.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def site_followers(n):
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{i:03}@example.org", confirmed_at=now) for i in range(n)]
    )
    Subscription.objects.bulk_create([Subscription(subscriber=s, confirmed_at=now) for s in subscribers])
    return {s.email for s in subscribers}


def received(inbox):
    return collections.Counter(m["To"] for m in inbox.messages)


def test_a_worker_killed_mid_send_loses_nothing_and_repeats_at_most_the_message_in_flight(
    published_article, smtp_server
):
    from django_tasks_db.models import DBTaskResult

    addresses = site_followers(8)
    inbox = smtp_server.inbox
    inbox.hold_after = 3  # the fourth message is in flight when the worker dies
    notices.create_notice(published_article, published_article.live_version)

    worker = start_worker(smtp_server)
    try:
        assert inbox.held.wait(60), (
            worker.stderr.read1().decode() if worker.poll() is not None else "no 4th message"
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        inbox.release.set()
        if worker.poll() is None:
            worker.kill()
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
    # The dead worker's claim still holds the rest: no other run takes them yet.
    assert not queue.has_due_deliveries()

    # Five minutes later (the follow-up run the first run scheduled is due, and the dead
    # worker's lease on its claim has run out), a worker runs again.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    Delivery.objects.exclude(claimed_until=None).update(claimed_until=timezone.now())
    again = start_worker(smtp_server, "--batch")
    assert again.wait(120) == 0, again.stderr.read().decode()

    counts = received(inbox)
    assert set(counts) == addresses  # nothing lost
    assert sum(counts.values()) - len(addresses) <= 1  # at most the one in flight repeated
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="several workers share PostgreSQL"
)
def test_two_workers_at_once_never_send_the_same_delivery(published_article, smtp_server):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import send_due_deliveries

    # More than two claims' worth, so that the second worker finds some to claim.
    addresses = site_followers(2 * queue.CLAIM_SIZE + 50)
    inbox = smtp_server.inbox
    inbox.meet = 2  # both workers are sending before either goes on
    notices.create_notice(published_article, published_article.live_version)
    send_due_deliveries.enqueue()  # a second run, for the second worker

    workers = [start_worker(smtp_server, "--batch") for _ in range(2)]
    for worker in workers:
        assert worker.wait(120) == 0, worker.stderr.read().decode()

    counts = received(inbox)
    assert set(counts) == addresses
    assert max(counts.values()) == 1
    assert len(inbox.peers) == 2  # two connections sent at the same time
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
