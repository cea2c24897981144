"""Scale-out on real parts: two web servers (the Procfile's web line, gunicorn, production
settings) on two ports, sharing one PostgreSQL and one Redis, and two task workers (the
Procfile's worker line) sharing the database's task queue."""

import datetime
import os
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, WorkflowEvent
from tests import factories
from tests.scale.servers import Process, Visitor, site_environment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="scale-out runs on PostgreSQL (several servers and workers share one database; set DATABASE_URL)",
    ),
]

PASSWORD = "a-long-editor-passphrase"


def with_password(user):
    """A password the servers' own hashers check (the tests' settings use a fast MD5 one);
    few iterations, so that logging in stays quick."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaletestsalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def log_in(visitor, server, user):
    visitor.get(f"{server.url}/admin/login/")
    status, headers, _ = visitor.post(
        f"{server.url}/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 302 and headers["Location"] == "/admin/", status


def approve_edit(article, reviewer):
    workflow.submit_for_review(article, by=factories.author(username="author"))
    workflow.approve(article, by=reviewer)


def test_a_publication_through_one_server_is_on_the_other_at_its_next_request(
    web_servers, shared_redis, published_article, editor, reviewer
):
    a, b = web_servers(2, **shared_redis)
    page = f"{b.url}/articles/early-spread/"
    reader = Visitor()
    reader.get(page)
    status, headers, html = reader.get(page)
    assert status == 200 and headers["X-Page-Cache"] == "hit"
    assert "Early spread of breast cancer" in html

    published_article.title = "Early spread of breast cancer: the 2026 trial"
    published_article.save()
    approve_edit(published_article, reviewer)
    editor_browser = Visitor()
    log_in(editor_browser, a, with_password(editor))
    status, headers, _ = editor_browser.post(
        f"{a.url}/admin/articles/article/{published_article.pk}/workflow/publish/",
        {"change_summary": "Added the 2026 trial."},
    )
    assert status == 302
    assert published_article.versions.count() == 2

    status, headers, html = reader.get(page)
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    assert "the 2026 trial" in html and "Added the 2026 trial." in html


def test_a_public_form_throttle_counts_across_both_servers(web_servers, shared_redis, published_article):
    # A day's window: the requests take about two seconds, and cross the window's end
    # (when the count starts again) once in some 40,000 runs.
    a, b = web_servers(2, SUBSCRIBE_RATE="4/d", **shared_redis)
    reader = Visitor()
    assert reader.get(f"{a.url}/subscriptions/follow/")[0] == 200  # the form, and its CSRF cookie
    answers = [
        reader.post(f"{server.url}/subscriptions/follow/", {"email": f"reader{i}@example.org"})[0]
        for i, server in enumerate([a, b, a, b, a, b])
    ]
    # Neither server saw more than three, yet the fifth and sixth are refused.
    assert answers == [302, 302, 302, 302, 429, 429]


def test_two_workers_publish_each_scheduled_article_once(transactional_db, editor, reviewer):
    articles = []
    for i in range(5):
        article = factories.full_article(slug=f"scheduled-{i}", title=f"Scheduled article {i}")
        approve_edit(article, reviewer)
        workflow.schedule(article, by=editor, at=timezone.now() + datetime.timedelta(minutes=5))
        articles.append(article)
    # Their time has come (as if the workers had been down): every task and article is due.
    from django_tasks_db.models import DBTaskResult

    # The emails their review sent the editorial team are another test's subject.
    DBTaskResult.objects.filter(task_path="articles.tasks.send_review_step_email").delete()
    assert DBTaskResult.objects.filter(status="READY").count() == 5
    DBTaskResult.objects.update(run_after=timezone.now())
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(
        scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )

    env = site_environment()
    workers = [Process("worker", env), Process("worker", env)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
            or Article.objects.filter(state=Article.State.SCHEDULED).exists()
        ):
            assert all(worker.running() for worker in workers), [w.log() for w in workers]
            time.sleep(0.3)
    finally:
        for worker in workers:
            logs = worker.log()
            worker.stop()
            assert "Starting worker" in logs, logs

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    for article in articles:
        assert PublishedVersion.objects.filter(article=article).count() == 1
        assert (
            WorkflowEvent.objects.filter(article=article, action=WorkflowEvent.Action.PUBLISHED).count() == 1
        )
        article.refresh_from_db()
        assert article.state == Article.State.PUBLISHED
