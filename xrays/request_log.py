"""One log line per request, as JSON (settings.LOGGING formats it), and nothing in any
log line that says who the reader is.

    {"time": "2026-11-29T14:31:02.118+00:00", "level": "INFO", "logger": "xrays.requests",
     "message": "request", "method": "GET", "path": "/articles/early-spread/",
     "status": 200, "duration_ms": 3.1, "bytes": 18034, "page_cache": "hit"}

Left out on purpose: the client's address, the user, cookies, the referrer and the
query string (a search is a reader's health question; other parameters can carry an
email address). Paths that carry a signed token (confirm, manage and unsubscribe links
in emails, preview links) are logged with `<token>` in its place, so a log reader
cannot follow or unsubscribe anyone. `page_cache` is "hit" or "miss" for pages the
whole-page cache handles (xrays/page_cache.py), null for the others.
"""

import logging
import time

logger = logging.getLogger("xrays.requests")

# Names of URL arguments whose values must never reach a log (see urls.py of each app).
SECRET_URL_ARGUMENTS = {"token"}
REDACTED = "<token>"
# Longer paths are cut: the log line stays a line, whatever a client sends.
LONGEST_PATH = 500


def loggable_path(request):
    """The request's path with every secret part replaced by `<token>`."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and value:
                path = path.replace(str(value), REDACTED)
    # A path that no view answered (a link cut short or run on) can still hold a signed
    # value or an address: Django's signed values always contain ":", addresses "@".
    segments = [REDACTED if ":" in part or "@" in part else part for part in path.split("/")]
    path = "/".join(segments)
    return path if len(path) <= LONGEST_PATH else path[:LONGEST_PATH] + "…"


def response_size(response):
    if response.has_header("Content-Length"):
        try:
            return int(response["Content-Length"])
        except ValueError:
            return None
    if getattr(response, "streaming", False):
        return None
    return len(response.content)


class RequestLogMiddleware:
    """Logs each request once, after everything else has answered it. First in
    MIDDLEWARE, so its time includes the other middleware and static files are counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not logger.isEnabledFor(logging.INFO):  # LOG_LEVEL=WARNING: nothing to work out
            return response
        fields = {
            "method": request.method,
            "path": loggable_path(request),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes": response_size(response),
            "page_cache": response.get("X-Page-Cache"),
        }
        # What logger.info("request", extra=fields) does, less its search of the call
        # stack for the caller's file and line (no line shows them): this runs for
        # every request, and a page from the page cache costs little more than it.
        logger.handle(
            logger.makeRecord(logger.name, logging.INFO, __file__, 0, "request", (), None, extra=fields)
        )
        return response


class RedactRequestPaths(logging.Filter):
    """Django logs refused requests itself ("Not Found: /subscriptions/confirm/…",
    django.request and django.security) with the request attached: put the redacted
    path in its message and keep the request object out of the log line."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            secret = {request.path, request.path.encode("unicode_escape").decode("ascii")}
            safe = loggable_path(request)
            if isinstance(record.args, tuple):
                record.args = tuple(
                    safe if isinstance(arg, str) and arg in secret else arg for arg in record.args
                )
            del record.request
        return True
