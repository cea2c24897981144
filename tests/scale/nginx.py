"""The sample nginx configuration (deploy/nginx/), run as it is on loopback ports in
front of a web server: by tests/scale/test_nginx.py and by the benchmark (bench/run.py),
so that both measure the configuration that is shipped."""

import json
import os
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request

from tests.scale.servers import ROOT, Visitor, free_port

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
        # A main file of the least: a worker per core, as Debian's has; in the foreground,
        # its files in the folder.
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes auto;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "events { worker_connections 768; }\n"
            f"http {{ access_log off; include {folder}/xrays.conf; }}\n"
        )

    def url(self, path):
        return f"https://127.0.0.1:{self.https_port}{path}"

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


class Reader(Visitor):
    """Over HTTPS, trusting the test certificate."""

    def __init__(self):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        super().__init__(urllib.request.HTTPSHandler(context=context))
