"""The web process's output, as a log reader takes it: the Procfile's web line
(gunicorn, production settings) writes one JSON object a line, its own lines
(starting, workers, shutting down) and the site's request lines alike, and no access
line with the reader's address."""

import json
import os
import signal
import time
import urllib.error
import urllib.request

import pytest


def test_every_line_the_web_process_writes_is_one_json_object(web_servers, published_article):
    (server,) = web_servers(1)
    with urllib.request.urlopen(f"{server.url}/articles/{published_article.slug}/") as response:
        assert response.status == 200
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server.url}/no-such-page/")
    os.killpg(server.popen.pid, signal.SIGTERM)
    # The shell ends first; gunicorn's master says when it is done.
    deadline = time.monotonic() + 15
    while "Shutting down" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [json.loads(line) for line in server.log().splitlines() if line.strip()]
    by_logger = {}
    for line in lines:
        assert {"level", "logger", "message", "time"} <= set(line)
        by_logger.setdefault(line["logger"], []).append(line)
    messages = [line["message"] for line in by_logger["gunicorn.error"]]
    assert any(m.startswith("Booting worker") for m in messages)
    assert "Shutting down: Master" in messages
    requests = [(line["path"], line["status"]) for line in by_logger["xrays.requests"]]
    assert (f"/articles/{published_article.slug}/", 200) in requests
    assert ("/no-such-page/", 404) in requests
    # gunicorn's access log (which names the client's address) stays off.
    assert "gunicorn.access" not in by_logger
