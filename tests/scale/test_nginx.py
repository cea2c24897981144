"""The sample nginx configuration (deploy/nginx/), run as it is, in front of a real
gunicorn: HTTPS, the proxy cache honouring the site's Cache-Control, never a cached
page for someone with a session or a page that sets a cookie."""

import json
import os
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request

import pytest

from tests.scale.servers import ROOT, Visitor, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin"), reason="needs nginx"),
    pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl to make a test certificate"),
]

DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin")


def replaced(text, replacements):
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in the sample: update this test"
        text = text.replace(old, new)
    return text


class Nginx:
    """The sample's two files, with only what a real install changes replaced: the
    addresses (loopback ports here), the certificate, the cache folder and the include."""

    def __init__(self, folder, upstream_port):
        self.folder = folder
        self.https_port, self.http_port = free_port(), free_port()
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
            ]
            + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        (folder / "xrays-proxy.conf").write_text((DEPLOY / "xrays-proxy.conf").read_text())
        site = replaced(
            (DEPLOY / "xrays.conf").read_text(),
            {
                "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
                "/var/cache/nginx/xrays": str(folder / "cache"),
                "    listen [::]:80;\n": "",
                "    listen [::]:443 ssl http2;\n": "",
                "listen 80;": f"listen 127.0.0.1:{self.http_port};",
                "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
                "/etc/letsencrypt/live/xrays.example.org/fullchain.pem": str(folder / "cert.pem"),
                "/etc/letsencrypt/live/xrays.example.org/privkey.pem": str(folder / "key.pem"),
                "/etc/nginx/snippets/xrays-proxy.conf": str(folder / "xrays-proxy.conf"),
                "/var/log/nginx/xrays.access.log": str(folder / "access.log"),
            },
        )
        (folder / "xrays.conf").write_text(site)
        # As root, nginx's workers would switch to "nobody", who cannot write here.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "events { worker_connections 64; }\n"
            f"http {{ access_log off; include {folder}/xrays.conf; }}\n"
        )

    def command(self, *args):
        return [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), *args]

    def start(self):
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while not (self.folder / "nginx.pid").exists():
            assert self.process.poll() is None, self.process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        return self

    def access_log(self, count):
        """The JSON lines of the access log, once nginx has written `count` (it writes each
        after sending the response)."""
        deadline = time.monotonic() + 10
        while True:
            lines = (self.folder / "access.log").read_text().splitlines()
            if len(lines) >= count or time.monotonic() > deadline:
                return [json.loads(line) for line in lines]
            time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


@pytest.fixture
def nginx(tmp_path, web_servers, published_article):
    (server,) = web_servers(1)
    proxy = Nginx(tmp_path, server.port).start()
    proxy.site = server
    yield proxy
    proxy.stop()


class Reader(Visitor):
    """Over HTTPS, trusting the test certificate."""

    def __init__(self):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        super().__init__(urllib.request.HTTPSHandler(context=context))


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

    # nginx's own log line for each request names neither the reader nor the page.
    lines = nginx.access_log(count=7)
    assert [line["cache"] for line in lines] == ["MISS", "HIT", "BYPASS", "BYPASS", "HIT", "MISS", "MISS"]
    assert "127.0.0.1" not in json.dumps(lines) and "early-spread" not in json.dumps(lines)


def test_plain_http_goes_to_https_except_the_health_check(nginx):
    plain = f"http://127.0.0.1:{nginx.http_port}"
    status, headers, _ = Visitor().get(f"{plain}/articles/early-spread/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/articles/early-spread/"
    assert Visitor().get(f"{plain}/healthz")[0] == 200
