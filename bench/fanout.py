"""Fan-out benchmark: one update notice to 1,000 and then 10,000 confirmed followers,
sent by one `manage.py db_worker` to an SMTP server on loopback that the benchmark
starts. Prints the worker's messages per second next to what a bare smtplib loop
reaches against the same server in the same run, and the worker's peak memory.

    python bench/fanout.py          # (make bench runs it after the page benchmark)

On PostgreSQL when one answers on 127.0.0.1:5432 (database `xrays_fanout_bench`, dropped
and made again; DATABASE_URL names another, which must be the benchmark's own: it deletes
every subscriber in it), else on a throw-away SQLite database. The figures are added to
the results file of `make bench` (BENCH_RESULTS)."""

import email.policy
import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from run import database_url, free_port, manage, write_results  # bench/run.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_FANOUT_SIZES", "1000,10000").split(",")]


SETUP = """
import time
from django.utils import timezone
from articles.models import Article
from subscriptions import notices
from subscriptions.models import Notice, Subscriber, Subscription
from django_tasks_db.models import DBTaskResult

Subscriber.objects.all().delete()
Notice.objects.all().delete()
DBTaskResult.objects.all().delete()
now = timezone.now()
subscribers = Subscriber.objects.bulk_create(
    [Subscriber(email=f"reader{i:05}@example.org", confirmed_at=now) for i in range(N)], batch_size=2000
)
Subscription.objects.bulk_create([Subscription(subscriber=s, confirmed_at=now) for s in subscribers], batch_size=2000)
article = Article.objects.get(slug="does-metastasis-happen-earlier")
started = time.perf_counter()
notice = notices.create_notice(article, article.live_version)
print(f"{notice.deliveries.count()} {time.perf_counter() - started:.3f}")
"""

RATE = """
from django.db.models import Max, Min
from subscriptions.models import Delivery
sent = Delivery.objects.filter(status="sent")
span = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"))
print(sent.count(), (span["last"] - span["first"]).total_seconds())
"""


def bare_rate(port, n, size):
    """Messages per second of a plain smtplib loop on one connection, each message
    `size` bytes as the server receives it (the size of the worker's)."""
    message = EmailMessage()
    message["From"] = "XRAYS <xrays@localhost>"
    message["Subject"] = "Updated: a benchmark"
    message.set_content("x\n")
    overhead = len(message.as_bytes(policy=email.policy.SMTP))
    lines, rest = divmod(max(size - overhead, 0), 71)  # 70 characters and CRLF
    message.set_content(("x" * 69 + "\n") * lines + "x" * max(rest - 2, 0) + "\n")
    payload = message.as_bytes(policy=email.policy.SMTP)
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        started = time.perf_counter()
        for i in range(n):
            smtp.sendmail("xrays@localhost", [f"reader{i:05}@example.org"], payload)
        return n / (time.perf_counter() - started)


def run_worker(env):
    """Run the worker until every task is done; its peak memory (MiB)."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"the worker failed ({process.returncode})")
    return usage.ru_maxrss / 1024  # KiB on Linux


def main():
    workdir = Path(tempfile.mkdtemp(prefix="xrays-fanout-"))
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only",
        "DEBUG": "",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = database_url(
            workdir, default="postgres://postgres@127.0.0.1:5432/xrays_fanout_bench"
        )
    size_file = workdir / "message-size"
    sink = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port), str(size_file)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        sink.stdout.readline()
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo", "--allow-production")
        database = env["DATABASE_URL"].split(":", 1)[0]
        print(f"\nXRAYS fan-out: one worker, SMTP on loopback (aiosmtpd), {database}")
        print(
            f"{'followers':>10}{'fan-out s':>11}{'msg/s':>8}{'bare smtplib msg/s':>20}{'ratio':>7}{'peak MiB':>10}{'bytes':>7}"
        )
        rows = []
        for n in SIZES:
            deliveries, fanout_s = (
                manage(env, "shell", "-c", SETUP.replace("range(N)", f"range({n})"), capture=True)
                .strip()
                .splitlines()[-1]
                .split()
            )
            peak = run_worker(env)
            sent, span = manage(env, "shell", "-c", RATE, capture=True).strip().splitlines()[-1].split()
            rate = int(sent) / max(float(span), 1e-6)
            size = int(size_file.read_text())
            bare = bare_rate(port, n, size)
            print(
                f"{n:>10}{float(fanout_s):>11.2f}{rate:>8.0f}{bare:>20.0f}{rate / bare:>7.2f}{peak:>10.0f}{size:>7}"
            )
            if int(sent) != n or int(deliveries) != n:
                raise SystemExit(f"sent {sent} of {n}")
            rows.append(
                {
                    "followers": n,
                    "make_deliveries_s": float(fanout_s),
                    "worker_messages_per_second": round(rate, 1),
                    "bare_smtplib_messages_per_second": round(bare, 1),
                    "ratio": round(rate / bare, 3),
                    "worker_peak_mib": round(peak, 1),
                    "message_bytes": size,
                }
            )
        write_results("fanout", {"database": database, "sizes": rows})
    finally:
        os.killpg(sink.pid, signal.SIGTERM)
        sink.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
