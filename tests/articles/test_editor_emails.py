"""The editor who scheduled an article is emailed when it does not go out. The worker
sends that email, never the editor's request nor the publication run: a mail server that
is down fails the email alone, and the worker tries it again until the server is back.
The mail server here is a real one on loopback (tests/subscriptions/smtp.py), started
and stopped by the tests."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article
from articles.tasks import publish_due_articles
from tests import factories
from tests.admin_forms import admin_form_data
from tests.subscriptions.smtp import SMTPServer, text_of

# Transactional: each step commits as it does in production, and runs its on_commit
# hooks then; the worker opens and closes its own connections.
pytestmark = pytest.mark.django_db(transaction=True)
State = Article.State
EMAIL_TASK = "articles.tasks.send_schedule_failed_email"


@pytest.fixture
def mail_server():
    """A mail server on loopback that is down until the test starts it."""
    server = SMTPServer()
    with override_settings(MAILERS=server.mailers, SITE_URL="https://xrays.example.org"):
        yield server
    server.stop()


@pytest.fixture
def author(db):
    return factories.author(username="author", first_name="Ada", last_name="Author")


@pytest.fixture
def editor(db):
    return factories.editor(username="editor", first_name="Ed", last_name="Itor")


@pytest.fixture
def schedule(author, reviewer, editor):
    """An approved article, scheduled by the editor for tomorrow."""

    def _schedule(title, slug):
        article = factories.full_article(created_by=author, title=title, slug=slug)
        workflow.record_created(article, by=author)
        workflow.submit_for_review(article, by=author)
        workflow.approve(article, by=reviewer)
        workflow.schedule(article, by=editor, at=timezone.now() + datetime.timedelta(days=1))
        # The emails about its review are another matter (tests/articles/test_review_emails.py).
        DBTaskResult.objects.filter(task_path="articles.tasks.send_review_step_email").delete()
        return article

    return _schedule


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def edit_in_the_admin(client, article, user):
    client.force_login(user)
    data = admin_form_data(client, change_url(article), "article_form")
    data["sections-0-body"] = "<p>A late change.</p>"
    return client.post(change_url(article), data)


def run_worker():
    """Run every task that is due, as `manage.py db_worker --batch` does."""
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def email_tasks():
    return list(DBTaskResult.objects.filter(task_path=EMAIL_TASK).order_by("enqueued_at"))


def make_due(tasks):
    DBTaskResult.objects.filter(pk__in=[t.pk for t in tasks]).update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_with_the_mail_server_down_saving_a_scheduled_article_in_the_admin_succeeds(
    client, mail_server, schedule, author
):
    article = schedule("Early spread", "early-spread")
    response = edit_in_the_admin(client, article, author)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == State.DRAFT and article.scheduled_for is None
    assert "A late change." in article.sections.get().body
    # The email waits for the worker.
    (task,) = email_tasks()
    assert task.status == "READY"
    assert mail_server.inbox.messages == []


def test_with_the_mail_server_down_publishing_due_articles_succeeds_for_every_article(
    mail_server, schedule, editor
):
    stale = schedule("Changed after approval", "stale")
    ready = schedule("Ready to go", "ready")
    section = stale.sections.first()
    section.body = "<p>Changed behind the workflow's back.</p>"
    section.save()
    # Both are due, the one whose editor must be emailed first.
    now = timezone.now()
    Article.objects.filter(pk=stale.pk).update(scheduled_for=now - datetime.timedelta(minutes=2))
    Article.objects.filter(pk=ready.pk).update(scheduled_for=now - datetime.timedelta(minutes=1))
    DBTaskResult.objects.all().delete()  # one run publishes everything that is due
    publish_due_articles.enqueue()

    run_worker()

    stale.refresh_from_db()
    ready.refresh_from_db()
    assert stale.state == State.IN_REVIEW and stale.live_version is None
    assert ready.state == State.PUBLISHED and ready.live_version.published_by == editor
    # (The worker enqueues a run of its own when it starts and finds articles due.)
    runs = DBTaskResult.objects.filter(task_path="articles.tasks.publish_due_articles")
    assert {run.status for run in runs} == {"SUCCESSFUL"}
    # The email alone failed, and waits to be tried again.
    failed, retry = email_tasks()
    assert failed.status == "FAILED" and retry.status == "READY"
    assert retry.run_after > timezone.now()


def test_with_the_mail_server_down_the_email_is_retried_by_the_worker_until_it_is_delivered(
    client, mail_server, schedule, author, editor
):
    article = schedule("Breast & bowel: “early” spread", "early-spread")
    assert edit_in_the_admin(client, article, author).status_code == 302

    before = timezone.now()
    run_worker()
    (failed, retry) = email_tasks()
    assert failed.status == "FAILED" and "Connection refused" in failed.traceback
    assert retry.status == "READY" and before < retry.run_after
    assert retry.args_kwargs["args"] == failed.args_kwargs["args"]  # primary keys, not objects

    run_worker()  # not due yet: it waits
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    mail_server.start()
    make_due([retry])
    run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    (message,) = mail_server.inbox.messages
    assert message["To"] == editor.email
    assert message["Subject"] == "Not published: Breast & bowel: “early” spread"
    body = text_of(message)
    assert body.startswith("Hello Ed Itor,")
    assert (
        "“Breast & bowel: “early” spread” was scheduled to be published, but it was not: "
        "Ada Author changed it after it was approved" in body
    )
    assert "It is a draft again: it needs a new review before it can be published." in body
    assert f"https://xrays.example.org/admin/articles/article/{article.pk}/change/" in body
    assert "&amp;" not in body and "&quot;" not in body


def test_an_email_the_mail_server_keeps_refusing_is_given_up_after_a_few_tries(
    client, mail_server, schedule, author
):
    from articles.tasks import EMAIL_RETRY_DELAYS

    article = schedule("Early spread", "early-spread")
    assert edit_in_the_admin(client, article, author).status_code == 302
    for _ in range(len(EMAIL_RETRY_DELAYS) + 3):
        make_due(email_tasks())
        run_worker()
    tries = email_tasks()
    assert len(tries) == 1 + len(EMAIL_RETRY_DELAYS)
    assert {t.status for t in tries} == {"FAILED"}
    assert [t.args_kwargs["kwargs"].get("attempt", 0) for t in tries] == list(range(len(tries)))


def test_an_editor_whose_address_is_gone_by_then_gets_no_email(client, mail_server, schedule, author, editor):
    article = schedule("Early spread", "early-spread")
    assert edit_in_the_admin(client, article, author).status_code == 302
    editor.email = ""
    editor.save(update_fields=["email"])
    mail_server.start()
    run_worker()
    (task,) = email_tasks()
    assert task.status == "SUCCESSFUL"
    assert mail_server.inbox.messages == []
