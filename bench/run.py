"""XRAYS benchmark: serves the site with gunicorn on 127.0.0.1 and measures the public
pages readers use most. Bounded in requests and time; stops its server by itself.

    make bench                      # SQLite, demo content
    DATABASE_URL=postgres://…/xrays_bench make bench   # a database of its own: it loads the demo

Prints, for each page, requests per second over a few concurrent clients and the
50th/95th percentile latency in milliseconds.
"""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "400"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
TIME_LIMIT_S = 120  # the whole run; the server is stopped after it whatever happens

PAGES = [
    ("home", "/"),
    ("article", "/articles/does-metastasis-happen-earlier/"),
    ("print view", "/articles/does-metastasis-happen-earlier/print/"),
    ("search", "/search/?q=metastasis"),
    ("audience", "/audiences/people-with-breast-cancer/"),
    ("health check", "/healthz"),
]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_for_server(deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, PORT), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def measure(path, deadline):
    latencies, errors = [], []
    lock = threading.Lock()
    per_client = REQUESTS_PER_PAGE // CLIENTS

    def client():
        for _ in range(per_client):
            if time.monotonic() > deadline:
                return
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except Exception as error:  # noqa: BLE001 - every failure counts as one
                ok, detail = False, error
            elapsed = time.perf_counter() - start
            with lock:
                (latencies if ok else errors).append(elapsed if ok else detail)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return latencies, errors, wall


def main():
    deadline = time.monotonic() + TIME_LIMIT_S
    workdir = Path(tempfile.mkdtemp(prefix="xrays-bench-"))
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only",
        "DEBUG": "",
        "RATELIMIT_ENABLE": "0",
        "ALLOWED_HOSTS": HOST,
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--allow-production")
    manage(env, "collectstatic", "--no-input")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "xrays.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for_server(time.monotonic() + 20)
        database = env["DATABASE_URL"].split(":", 1)[0]
        print(
            f"XRAYS benchmark: gunicorn, 2 workers, {CLIENTS} clients, {REQUESTS_PER_PAGE} requests a page, {database}"
        )
        print(f"{'page':<14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
        for name, path in PAGES:
            measure(path, deadline)  # warm up caches and connections
            latencies, errors, wall = measure(path, deadline)
            if not latencies:
                print(f"{name:<14}{'-':>8}{'-':>9}{'-':>9}{len(errors):>8}  {errors[:1]}")
                continue
            p50 = statistics.median(latencies) * 1000
            p95 = (
                statistics.quantiles(latencies, n=20)[18] * 1000
                if len(latencies) >= 20
                else max(latencies) * 1000
            )
            print(f"{name:<14}{len(latencies) / wall:>8.0f}{p50:>9.1f}{p95:>9.1f}{len(errors):>8}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
