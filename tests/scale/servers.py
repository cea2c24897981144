"""Real processes for the scale-out tests: the Procfile's own commands, started in
their own process groups on free loopback ports, on the test database, always stopped.

A `Visitor` is one person with a browser's cookie jar (shared across the ports of
127.0.0.1, as a browser's is), who does not follow redirects, so every answer is seen."""

import gzip
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = ROOT / "Procfile"


def procfile():
    """The Procfile's process types and their commands, read as honcho reads them."""
    from honcho.environ import parse_procfile

    return parse_procfile(PROCFILE.read_text()).processes


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The test database (pytest-django's), as a URL other processes can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = urllib.parse.quote(db["USER"]) + (
        f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    )
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def site_environment(**overrides):
    """The environment of a deployment on the test database: the project's settings,
    DEBUG off, the tests' secret key, the test virtualenv's commands first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CACHE_KEY_PREFIX", "DEBUG", "PYTEST_ADDOPTS"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "xrays.settings",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url(),
            "SITE_URL": "http://127.0.0.1",
            "WEB_CONCURRENCY": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


class Process:
    """One Procfile line, run by the shell as honcho runs it, its output kept in a file."""

    def __init__(self, name, env):
        self.name = name
        self.output = tempfile.NamedTemporaryFile(prefix=f"xrays-{name}-", suffix=".log", delete=False)
        self.popen = subprocess.Popen(
            ["/bin/sh", "-c", procfile()[name]],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() reaches every child
        )

    def log(self):
        return Path(self.output.name).read_text(errors="replace")

    def running(self):
        return self.popen.poll() is None

    def stop(self, timeout=15):
        if self.running():
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
            except ProcessLookupError:
                pass
        self.output.close()
        Path(self.output.name).unlink(missing_ok=True)


class WebServer(Process):
    """The Procfile's `web` line on a free port of 127.0.0.1."""

    def __init__(self, env):
        self.port = free_port()
        super().__init__("web", {**env, "PORT": str(self.port)})
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise AssertionError(f"the web server stopped:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the web server did not answer within {timeout} s:\n{self.log()}")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """Someone with a browser: cookies kept across requests and across servers."""

    def __init__(self, *handlers):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects(), *handlers
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # As every browser does: pages come compressed (and kept so by the caches).
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            content = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                content = gzip.decompress(content)
            return response.status, response.headers, content.decode("utf-8", "replace")

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def post(self, url, data):
        """Post a form as a browser does, with the CSRF token its page gave."""
        return self.request(url, data={"csrfmiddlewaretoken": self.cookie("csrftoken"), **data})

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")
