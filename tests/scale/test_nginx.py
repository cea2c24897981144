"""The sample nginx configuration (deploy/nginx/), run as it is, in front of a real
gunicorn: HTTPS, the proxy cache honouring the site's Cache-Control, never a cached
page for someone with a session or a page that sets a cookie, and a withdrawal, a
correction or a new address reaching readers who keep reading within 5 s."""

import json
import shutil
import subprocess
import time

import pytest

from articles import workflow
from tests.scale.nginx import Nginx, Reader
from tests.scale.servers import Visitor, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin"), reason="needs nginx"),
    pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl to make a test certificate"),
]


@pytest.fixture
def front(tmp_path, web_servers, published_article):
    """`front(SOME_SETTING=...)`: the sample nginx in front of one gunicorn started with
    those settings (the shipped defaults without any), serving the published article."""
    started = []

    def start(**settings):
        (server,) = web_servers(1, **settings)
        proxy = Nginx(tmp_path, server.port).start()
        proxy.site = server
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def nginx(front):
    # Pages stay fresh for longer than the test lasts: what it checks does not depend
    # on how fast the machine runs it.
    return front(PUBLIC_CACHE_SECONDS=600)


def served(site, path):
    """How many requests for `path` reached the site (its JSON request log)."""
    return site.log().count(f'"path": "{path}", "status"')


def test_the_sample_configuration_is_valid(tmp_path):
    proxy = Nginx(tmp_path, free_port())
    check = subprocess.run(proxy.command("-t"), capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr


def test_the_proxy_cache_keeps_public_pages_only_for_readers_without_a_session(nginx):
    page = f"https://127.0.0.1:{nginx.https_port}/articles/early-spread/"
    status, headers, first = Reader().get(page)
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    assert headers["Cache-Control"].startswith("public, max-age=")
    status, headers, second = Reader().get(page)
    assert status == 200 and headers["X-Cache-Status"] == "HIT" and second == first
    assert served(nginx.site, "/articles/early-spread/") == 1

    # Staff (a session cookie, under either name) always reach the site.
    for cookie in ["sessionid=abc", "glossary=off; __Host-sessionid=abc"]:
        status, headers, _ = Reader().get(page, headers={"Cookie": cookie})
        assert status == 200 and headers["X-Cache-Status"] == "BYPASS"
    assert served(nginx.site, "/articles/early-spread/") == 3
    assert Reader().get(page)[1]["X-Cache-Status"] == "HIT"  # and left nothing of theirs behind

    # A page that sets a cookie (a form's CSRF token) is never kept.
    form = f"https://127.0.0.1:{nginx.https_port}/subscriptions/follow/"
    for _ in range(2):
        status, headers, _ = Reader().get(form)
        assert status == 200 and "csrftoken" in headers["Set-Cookie"]
        assert headers["X-Cache-Status"] == "MISS"
    assert served(nginx.site, "/subscriptions/follow/") == 2

    # nginx's own log line for each request names neither the reader nor the page. Each
    # worker writes its lines a buffer at a time, so the two workers' lines may come in
    # any order: the set of lines is what counts.
    lines = nginx.access_log(count=7)
    assert sorted(line["cache"] for line in lines) == sorted(
        ["MISS", "HIT", "BYPASS", "BYPASS", "HIT", "MISS", "MISS"]
    )
    assert "127.0.0.1" not in json.dumps(lines) and "early-spread" not in json.dumps(lines)


def test_plain_http_goes_to_https_except_the_health_check(nginx):
    plain = f"http://127.0.0.1:{nginx.http_port}"
    status, headers, _ = Visitor().get(f"{plain}/articles/early-spread/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/articles/early-spread/"
    assert Visitor().get(f"{plain}/healthz")[0] == 200


# The promise of deploy/nginx/xrays-proxy.conf: readers of a page get the site's new
# answer within this many seconds of an editor's change.
PROMISED_SECONDS = 5
STAFF = {"Cookie": "__Host-sessionid=abc; sessionid=abc"}


def read_until(url, new_answer):
    """Read `url` through nginx ten times a second, as the readers of a popular page do,
    until `new_answer(status, headers, body)`; then read it a few times more, which
    must give the new answer too. Returns what each read got (seconds since the change,
    status, X-Cache-Status). Fails if the old answer is still served PROMISED_SECONDS
    after the change."""
    began = time.monotonic()
    reads = []
    while True:
        status, headers, body = Reader().get(url)
        reads.append((round(time.monotonic() - began, 1), status, headers["X-Cache-Status"]))
        if new_answer(status, headers, body):
            break
        assert time.monotonic() - began < PROMISED_SECONDS, f"still the old answer: {reads}"
        time.sleep(0.1)
    for _ in range(5):
        status, headers, body = Reader().get(url)
        assert new_answer(status, headers, body), f"the old answer came back: {reads}, then {status}"
        time.sleep(0.1)
    return reads


def read_twice(url):
    """The page as readers had it before the change, once it comes from nginx's copy."""
    for _ in range(10):
        status, headers, body = Reader().get(url)
        assert status == 200
        if headers["X-Cache-Status"] in {"HIT", "STALE", "UPDATING", "REVALIDATED"}:
            return body
    raise AssertionError("nginx did not keep the page")


def test_a_withdrawn_article_leaves_readers_behind_nginx_within_5_seconds(front, published_article, editor):
    proxy = front()
    page = proxy.url("/articles/early-spread/")
    read_twice(page)

    workflow.withdraw(published_article, by=editor, reason="The study was retracted.")
    status, headers, _ = Reader().get(page, headers=STAFF)
    assert status == 404 and headers["X-Cache-Status"] == "BYPASS"  # staff at once
    read_until(page, lambda status, headers, body: status == 404)


def test_a_correction_reaches_readers_behind_nginx_within_5_seconds(front, published_article, publish):
    proxy = front()
    page = proxy.url("/articles/early-spread/")
    assert "checked again by a second laboratory" not in read_twice(page)

    section = published_article.sections.order_by("order").first()
    section.body = "<p>The result was checked again by a second laboratory.</p>"
    section.save()
    publish(published_article, change_summary="Corrected the findings.")
    assert "checked again by a second laboratory" in Reader().get(page, headers=STAFF)[2]
    read_until(page, lambda status, headers, body: "checked again by a second laboratory" in body)


def test_a_new_address_reaches_readers_behind_nginx_within_5_seconds(front, published_article, publish):
    proxy = front()
    old, new = proxy.url("/articles/early-spread/"), proxy.url("/articles/early-spread-in-mice/")
    read_twice(old)
    assert Reader().get(new)[0] == 404  # which nginx keeps a moment too

    published_article.slug = "early-spread-in-mice"
    published_article.save()
    publish(published_article, change_summary="A clearer address.")
    moved = "/articles/early-spread-in-mice/"
    read_until(old, lambda status, headers, body: status == 301 and headers["Location"] == moved)
    read_until(new, lambda status, headers, body: status == 200 and published_article.title in body)
