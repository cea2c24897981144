import os
import subprocess
import sys

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
def shared_redis(redis_key_space):
    """Settings for a Redis every server shares, under a key prefix of this test's own."""
    url, prefix = redis_key_space
    return {"REDIS_URL": url, "CACHE_KEY_PREFIX": prefix}


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
