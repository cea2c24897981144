"""Every request leaves one JSON line in the log, saying what was asked and how it went,
never who asked: no address, no user, no query string, no token from an email link."""

import json
import logging

import pytest

from subscriptions import follow, tokens

pytestmark = pytest.mark.django_db

FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "method",
    "path",
    "status",
    "duration_ms",
    "bytes",
    "page_cache",
}


@pytest.fixture
def log_lines():
    """The lines the site's console handler would write, parsed: the same formatter and
    filters as configured in settings.LOGGING."""
    root = logging.getLogger()
    console = next(handler for handler in root.handlers if handler.get_name() == "console")
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            text = self.format(record)
            assert "\n" not in text
            lines.append(json.loads(text))

    collect = Collect()
    collect.setFormatter(console.formatter)
    for log_filter in console.filters:
        collect.addFilter(log_filter)
    root.addHandler(collect)
    yield lines
    root.removeHandler(collect)


def requests_in(lines):
    return [line for line in lines if line["logger"] == "xrays.requests"]


def test_each_request_is_one_json_line_with_status_time_path_and_cache_outcome(
    client, published_article, log_lines
):
    client.get("/articles/early-spread/")
    client.get("/articles/early-spread/?utm_source=newsletter&email=reader@example.org")
    first, second = requests_in(log_lines)
    assert set(first) == FIELDS
    assert first["method"] == "GET" and first["path"] == "/articles/early-spread/"
    assert first["status"] == 200 and first["bytes"] > 1000
    assert isinstance(first["duration_ms"], float) and first["time"].startswith("20")
    assert (first["page_cache"], second["page_cache"]) == ("miss", "hit")
    # The query string is left out whole: it can hold an address or a reader's question.
    assert second["path"] == "/articles/early-spread/"
    assert "reader@example.org" not in json.dumps(log_lines)


def test_a_search_is_logged_without_its_question(client, published_article, log_lines):
    client.get("/search/", {"q": "my tumour came back"})
    (line,) = requests_in(log_lines)
    assert line["path"] == "/search/" and line["status"] == 200
    assert "tumour" not in json.dumps(log_lines)


def test_links_from_emails_are_logged_without_their_token(client, published_article, log_lines):
    subscription = follow.follow("reader@example.org", article=published_article)
    confirm = tokens.confirmation_token(subscription)
    manage = tokens.manage_token(subscription.subscriber)
    client.get(f"/subscriptions/confirm/{confirm}/")
    client.get(f"/subscriptions/manage/{manage}/")
    client.get(f"/subscriptions/confirm/{confirm[:-3]}/")  # a link cut short: 404, which Django logs too
    client.get(f"/subscriptions/confirm/{confirm}/and/more/")  # matches no address at all

    paths = [line["path"] for line in requests_in(log_lines)]
    assert paths == [
        "/subscriptions/confirm/<token>/",
        "/subscriptions/manage/<token>/",
        "/subscriptions/confirm/<token>/",
        "/subscriptions/confirm/<token>/and/more/",
    ]
    assert [line["status"] for line in requests_in(log_lines)] == [200, 200, 404, 404]
    django_lines = [line for line in log_lines if line["logger"] == "django.request"]
    assert django_lines and all("<token>" in line["message"] for line in django_lines)
    everything = json.dumps(log_lines)
    for secret in (confirm, manage, confirm[:-3], "reader@example.org"):
        assert secret not in everything


def test_staff_requests_name_neither_the_person_nor_their_address(client, editor, log_lines):
    client.force_login(editor)
    client.get("/admin/", REMOTE_ADDR="203.0.113.9")
    (line,) = requests_in(log_lines)
    assert line["path"] == "/admin/" and line["status"] == 200
    assert line["page_cache"] is None  # never a cached page for staff
    everything = json.dumps(log_lines)
    assert "203.0.113.9" not in everything and "editor" not in everything


def test_a_hostile_path_stays_one_short_line(client, db, log_lines):
    client.get("/" + "x" * 20_000)
    client.get("/articles/a%00b%0Ab/")
    long, control = requests_in(log_lines)
    assert len(long["path"]) < 600 and long["status"] == 404
    assert control["path"] == "/articles/a\x00b\nb/"  # escaped by JSON: still one line
