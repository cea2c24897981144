"""A scheduled publication survives database trouble: a database error is retried with
back-off and, after the last try, the article says "scheduling failed" and the editor
is emailed; the worker waits out a database outage and carries on."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article, WorkflowEvent
from articles.tasks import publish_due_articles, send_schedule_failed_email
from articles.workflow import publication
from articles.workflow.rules import SCHEDULE_RETRY_DELAYS
from tests import factories
from tests.tasks import run_enqueued
from xrays.management.commands import db_worker

State = Article.State


@pytest.fixture
def scheduled(db, reviewer, editor):
    author = factories.author(username="author")
    article = factories.full_article(created_by=author, slug="early-spread")
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    workflow.approve(article, by=reviewer)
    workflow.schedule(
        article, by=editor, at=timezone.now() + datetime.timedelta(hours=1), change_summary="New"
    )
    Article.objects.filter(pk=article.pk).update(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))
    article.refresh_from_db()
    return article


@pytest.fixture
def lock_timeouts(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(publication, "_publish_locked", refuse)


@pytest.mark.django_db
def test_a_database_error_is_retried_with_back_off_then_reported(
    client, scheduled, editor, lock_timeouts, django_capture_on_commit_callbacks
):
    for attempt, delay in enumerate(SCHEDULE_RETRY_DELAYS, start=1):
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert publish_due_articles.call() == []
        scheduled.refresh_from_db()
        assert scheduled.state == State.SCHEDULED and scheduled.schedule_attempts == attempt
        assert "lock timeout" in scheduled.schedule_problem
        retry = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert retry.task_path == "articles.tasks.publish_due_articles"
        assert before + delay <= retry.run_after <= timezone.now() + delay
    assert WorkflowEvent.objects.filter(article=scheduled, action="schedule_retried").count() == 4
    assert mail.outbox == []  # nobody is bothered while it is being retried

    with django_capture_on_commit_callbacks(execute=True):
        publish_due_articles.call()
    scheduled.refresh_from_db()
    assert scheduled.state == State.SCHEDULING_FAILED and scheduled.live_version is None
    run_enqueued(send_schedule_failed_email)  # the worker sends the email
    (email,) = mail.outbox
    assert email.to == [editor.email] and "lock timeout" in email.body and "still approved" in email.body

    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{scheduled.pk}/change/").content.decode()
    assert "scheduling failed" in page and "lock timeout" in page
    assert set(workflow.available_steps(scheduled, editor)) >= {"publish", "schedule", "unschedule"}
    queue = client.get("/admin/articles/article/review-queue/").content.decode()
    assert "Scheduled publication failed" in queue


@pytest.mark.django_db
def test_after_a_failure_the_editor_publishes_with_the_choices_made_when_scheduling(
    scheduled, editor, lock_timeouts, django_capture_on_commit_callbacks, monkeypatch
):
    for _ in range(len(SCHEDULE_RETRY_DELAYS) + 1):
        publish_due_articles.call()
    monkeypatch.undo()
    version = workflow.publish(scheduled, by=editor, change_summary="New")
    scheduled.refresh_from_db()
    assert version.number == 1 and scheduled.state == State.PUBLISHED
    assert (scheduled.schedule_attempts, scheduled.schedule_problem, scheduled.scheduled_for) == (0, "", None)


@pytest.mark.django_db
def test_a_retry_that_succeeds_publishes_and_forgets_the_trouble(
    scheduled, lock_timeouts, monkeypatch, django_capture_on_commit_callbacks
):
    publish_due_articles.call()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        published = publish_due_articles.call()
    scheduled.refresh_from_db()
    assert len(published) == 1 and scheduled.state == State.PUBLISHED
    assert scheduled.live_version.change_summary == "New" and scheduled.schedule_problem == ""


# --- the worker ------------------------------------------------------------------------


def run_worker(verbosity=0):
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=verbosity)


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_a_database_outage_and_carries_on(scheduled, monkeypatch, caplog):
    publish_due_articles.enqueue()
    monkeypatch.setattr(db_worker.ResilientWorker, "first_wait", 0)
    real_get_locked = type(DBTaskResult.objects.all()).get_locked
    outage = {"queries left": 3}

    def get_locked(queryset):
        if outage["queries left"]:
            outage["queries left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_get_locked(queryset)

    monkeypatch.setattr(type(DBTaskResult.objects.all()), "get_locked", get_locked)
    with caplog.at_level(logging.WARNING, logger="django_tasks_db"):
        run_worker(verbosity=1)
    assert outage["queries left"] == 0
    assert "The database is unavailable" in caplog.text
    scheduled.refresh_from_db()
    assert scheduled.state == State.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_a_worker_picks_up_a_scheduled_publication_whose_task_was_lost(scheduled):
    DBTaskResult.objects.all().delete()  # the task failed during an outage, or was never saved
    run_worker()
    scheduled.refresh_from_db()
    assert scheduled.state == State.PUBLISHED
