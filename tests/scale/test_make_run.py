"""`make run` runs the Procfile (honcho): the same web and worker processes a deployment
runs, here with DEBUG on. Ctrl-C stops the site and the worker."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.scale.servers import ROOT, Visitor, database_url, free_port, procfile

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_procfile_names_a_web_and_a_worker_process():
    processes = procfile()
    assert set(processes) == {"web", "worker"}
    assert processes["web"].startswith("gunicorn xrays.wsgi ") and "${PORT:-8000}" in processes["web"]
    assert processes["worker"] == "python manage.py db_worker"


def wait_for(predicate, timeout, what, output):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} did not happen within {timeout} s:\n{output()}")


@pytest.mark.skipif(
    not Path(sys.prefix, "bin", ".installed").exists(),
    reason="runs `make run` with the virtualenv `make install` made (run the tests with `make test`)",
)
def test_make_run_serves_the_site_and_its_static_files_runs_the_worker_and_stops_on_ctrl_c():
    port = free_port()
    output = tempfile.NamedTemporaryFile(prefix="xrays-make-run-", suffix=".log", delete=False)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))}
    env.update(DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="xrays.settings", PYTHONUNBUFFERED="1")
    env.pop("EMAIL_HOST", None)  # the worker prints the emails it sends, as docs/operations.md says
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"VENV={sys.prefix}", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as in a terminal
    )

    def log():
        return Path(output.name).read_text(errors="replace")

    site = f"http://127.0.0.1:{port}"
    reader = Visitor()
    try:
        wait_for(lambda: port_open(port) and reader.get(f"{site}/healthz")[0] == 200, 90, "serving", log)
        assert reader.get(f"{site}/")[0] == 200
        # DEBUG: static files straight from the source folders, nothing collected.
        status, headers, css = reader.get(f"{site}/static/css/site.css")
        assert status == 200 and "text/css" in headers["Content-Type"]
        assert reader.get(f"{site}/static/admin/css/base.css")[0] == 200

        # The worker runs beside it: following the site, the confirmation email is
        # printed in the same terminal by the worker.
        reader.get(f"{site}/subscriptions/follow/")
        status, _, _ = reader.post(f"{site}/subscriptions/follow/", {"email": "reader@example.org"})
        assert status == 302
        wait_for(lambda: re.search(r"worker\.1 *\| To: reader@example.org", log()), 60, "the email", log)

        process_groups = [int(pid) for pid in re.findall(r"(?:web|worker)\.1 started \(pid=(\d+)\)", log())]
        assert len(process_groups) == 2

        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C
        make.wait(30)
        wait_for(lambda: not any(map(group_alive, process_groups)), 20, "stopping both", log)
        assert not port_open(port)
    finally:
        # Whatever happened, nothing it started outlives the test.
        for group in [make.pid, *(int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", log()))]:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
        make.wait(10)
        output.close()
        Path(output.name).unlink(missing_ok=True)


def group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def port_open(port):
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
