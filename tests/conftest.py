import contextlib

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation

from articles import workflow
from articles.models import Article
from tests import factories
from xrays import generations

# A scope of the tests' own: bumping it gives every page a new cache key (a miss) while
# the glossary and site texts stay cached (tests/articles/test_query_counts.py).
generations.declare("query-count-test")


@pytest.fixture(autouse=True)
def in_the_site_language():
    """Each test starts in English, the site's language. LocaleMiddleware activates each
    request's language in the thread and leaves it there (a server's next request
    activates its own), so a test after one that read an /es/ page would otherwise
    format dates and words in Spanish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no throttle counts, cached texts or pages left over."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def throttle_windows_stand_still(monkeypatch):
    """django-ratelimit counts in fixed windows (a minute for "3/m"): requests that
    straddle a window's end would start a new count and make a throttle test pass or
    fail by the clock. Within a test, its windows never end."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def editor(db):
    return factories.editor(username="editor")


@pytest.fixture
def reviewer(db):
    return factories.reviewer(username="reviewer")


@pytest.fixture
def approve(reviewer):
    """Submit an article and have the reviewer approve it."""

    def _approve(article):
        if article.state != Article.State.IN_REVIEW:
            workflow.submit_for_review(article, by=editor_or_author(article))
        workflow.approve(article, by=reviewer)
        return article

    return _approve


def editor_or_author(article):
    return factories.author(username="author")


@pytest.fixture
def publish(editor, approve):
    """Take an article through review and publish it as the editor; returns the version."""

    def _publish(article, **kwargs):
        approve(article)
        return workflow.publish(article, by=editor, **kwargs)

    return _publish


@pytest.fixture
def published_article(publish):
    article = factories.full_article(n_items=2, title="Early spread of breast cancer", slug="early-spread")
    publish(article)
    article.refresh_from_db()
    # A published article to start from: the emails its review sent the editorial team
    # are done with (tests/articles/test_review_emails.py tests them).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path="articles.tasks.send_review_step_email").delete()
    return article


@pytest.fixture
def process():
    """`with process("a"):` serves the requests inside as web process "a" would: with
    its own local-memory caches (the default one and the pages')."""
    used = set()

    @contextlib.contextmanager
    def serve_as(name):
        location = f"web-process-{name}"
        used.add(location)
        # Only what is shared on purpose (the database, the throttles' cache) is shared.
        local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
        pages = {**local, "LOCATION": f"{location}-pages"}
        with override_settings(CACHES={**settings.CACHES, "default": local, "pages": pages}):
            yield

    yield serve_as
    for location in used:  # the stores outlive the settings: empty them for the next test
        with serve_as(location.removeprefix("web-process-")):
            caches["default"].clear()
            caches["pages"].clear()


@pytest.fixture
def redis_key_space():
    """(address, key prefix) of a Redis the test may share between processes, under a
    prefix of its own: nothing else in that Redis is touched, and the test's keys are
    deleted after it. Skips, saying why, without a Redis."""
    import os
    import uuid

    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url} (set REDIS_URL): {error}")
    prefix = f"xrays-test-{uuid.uuid4().hex[:12]}"
    yield url, prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
