"""A sending run that stops: a worker killed mid-send is taken over within a minute
by the next worker, and a run that is alive keeps its claim however slow a message."""

import asyncio
import collections
import datetime
import signal
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from subscriptions import notices, queue, sending
from subscriptions.models import Delivery
from tests.subscriptions.test_workers import site_followers, start_worker

pytestmark = pytest.mark.django_db(transaction=True)


class SlowServer:
    """Makes the loopback server take `delay` seconds over each reader's message, and
    hold the message after the first `hold_after` readers' until released, without
    blocking the server for other connections."""

    def __init__(self, inbox, delay=0.0, hold_after=None):
        self.inbox, self.delay, self.hold_after = inbox, delay, hold_after
        self.held, self.release = threading.Event(), threading.Event()
        inbox.on_data = self

    async def __call__(self, envelope):
        if not any(to.startswith("reader") for to in envelope.rcpt_tos):
            return  # emails to editors go through as they come
        await asyncio.sleep(self.delay)
        if self.hold_after is not None and len(readers_mail(self.inbox)) >= self.hold_after:
            self.hold_after = None
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)


def readers_mail(inbox):
    return collections.Counter(m["To"] for m in inbox.messages if m["To"].startswith("reader"))


def wait_until(condition, seconds):
    """Whether `condition()` came true within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_after_a_worker_is_killed_mid_send_a_new_worker_sends_the_rest_within_a_minute(
    published_article, smtp_server
):
    from django_tasks_db.models import DBTaskResult

    addresses = site_followers(20)
    server = SlowServer(smtp_server.inbox, delay=0.1, hold_after=5)
    notices.create_notice(published_article, published_article.live_version)

    first = start_worker(smtp_server)
    try:
        assert server.held.wait(60), first.stderr.read1().decode() if first.poll() is not None else "not held"
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        server.release.set()
        if first.poll() is None:
            first.kill()
    killed_at = time.monotonic()
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5
    assert not queue.has_due_deliveries()  # the dead run's lease still holds the rest, for now

    # The worker comes back (a supervisor restarts it), and nobody touches the queue.
    second = start_worker(smtp_server)
    try:
        everything_sent = wait_until(
            lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists(),
            60 - (time.monotonic() - killed_at),
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
    assert everything_sent, "the rest of the notice was not sent within a minute of the worker's death"

    counts = readers_mail(smtp_server.inbox)
    assert set(counts) == addresses  # nothing lost
    assert sum(counts.values()) - len(addresses) <= 1  # at most the one in flight repeated
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


def test_a_message_slower_than_the_lease_keeps_its_run_s_claim(published_article, smtp_server, monkeypatch):
    monkeypatch.setattr(queue, "LEASE", datetime.timedelta(seconds=1))
    monkeypatch.setattr(queue, "RENEW_EVERY", 0.2)
    addresses = site_followers(3)
    server = SlowServer(smtp_server.inbox, hold_after=0)
    notices.create_notice(published_article, published_article.live_version)

    def run():
        try:
            sending.send_due_deliveries()
        finally:
            connection.close()

    runner = threading.Thread(target=run)
    runner.start()
    try:
        assert server.held.wait(30)
        time.sleep(3)  # three leases' worth on the first message
        # Still held by the live run: no other run may take (and send again) any of them.
        assert not queue.has_due_deliveries()
        assert queue.first_lease_end(timezone.now()) is not None
    finally:
        server.release.set()
        runner.join(30)

    counts = readers_mail(smtp_server.inbox)
    assert set(counts) == addresses and max(counts.values()) == 1
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_a_follow_up_run_leaves_the_work_to_a_live_run_and_looks_again_later(published_article, inbox):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import send_due_deliveries

    site_followers(4)
    notices.create_notice(published_article, published_article.live_version)
    live = queue.Claim()
    live.take(2)  # another run, alive, is sending the first two
    try:
        assert send_due_deliveries.call(resume=True) == {"sent": 0, "waiting_for_live_run": True}
        assert not readers_mail(inbox)
        follow_ups = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_due_deliveries")
        assert [r.task_result.kwargs for r in follow_ups if r.task_result.kwargs.get("resume")]

        # A run that is not a follow-up shares the work with the live one.
        assert send_due_deliveries.call()["sent"] == 2
    finally:
        live.release()


def test_while_the_mail_server_is_down_a_follow_up_run_leaves_it_to_the_retry_and_its_back_off(
    published_article, smtp_server
):
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import send_due_deliveries

    site_followers(2)
    notices.create_notice(published_article, published_article.live_version)
    smtp_server.stop()
    assert send_due_deliveries.call()["connection_error"]
    runs = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_due_deliveries")
    scheduled = sorted((r.run_after, r.task_result.kwargs) for r in runs if r.run_after.year < 9999)
    assert [kwargs for _, kwargs in scheduled] == [
        {"retry": 0, "resume": True},
        {"retry": 1, "resume": False},
    ]

    # The follow-up comes first; it neither tries the server nor schedules more tries.
    assert send_due_deliveries.call(resume=True) == {"sent": 0, "left_to_scheduled_run": True}
    assert runs.count() == len(scheduled) + 1  # + the run the notice enqueued
