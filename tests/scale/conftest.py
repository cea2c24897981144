import os
import subprocess
import sys
import uuid

import pytest

from tests.scale.servers import ROOT, WebServer, site_environment


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files as a deployment collects them (hashed names, compressed):
    the site refuses to render a page whose stylesheet has no collected file."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xrays.settings", "DEBUG": "0", "STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def shared_redis():
    """Settings for a Redis every server shares, under a key prefix of this test's own
    (nothing else in that Redis is touched; the test's keys are deleted after it)."""
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url} (set REDIS_URL): {error}")
    prefix = f"xrays-test-{uuid.uuid4().hex[:12]}"
    yield {"REDIS_URL": url, "CACHE_KEY_PREFIX": prefix}
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def web_servers(transactional_db, static_root):
    """`web_servers(2, SOME_SETTING=...)` starts that many of the Procfile's web processes
    on the test database (committed data: transactional_db) and returns them serving;
    they are stopped after the test, before the database is emptied."""
    started = []

    def start(count, **settings):
        env = site_environment(STATIC_ROOT=static_root, **settings)
        servers = [WebServer(env) for _ in range(count)]
        started.extend(servers)
        return [server.wait_until_serving() for server in servers]

    yield start
    for server in started:
        server.stop()
