"""Whole public pages, cached for anonymous readers, never more than a second behind
the content.

A page is kept under a key made of its address, the query parameters its view reads
(each value as given, in the order given: the view reads the last of a repeated one),
the reader's display choices that change it (the view says which, e.g. glossary on
or off) and the content generations of every scope (xrays/generations.py): a
publication, a withdrawal, a glossary, site text or audience change bumps a
generation in the database, so every web process builds the page afresh, even with a
cache local to each process. A hit costs no SQL query: the generations are read at
most once every GENERATIONS_MAX_AGE seconds (1), so a change made through another
process reaches its pages within that second.

Pages are kept in a cache of their own (the "pages" alias, settings.py), so that they
can never push out the throttle counts. Only addresses a page really has make a key:
a view that was asked with a made-up value (a page number past the last, an unknown
filter) serves its page marked `keep_nowhere`, and neither this cache nor any other
keeps it. Search results are never cached at all (articles/public/views.py).

Never cached: requests that carry a session (staff, logged in), methods other than
GET and HEAD, and responses that are not a plain 200, that set a cookie, or that say
`private` or `no-store`.

Each cached page carries an ETag and a Last-Modified date, and a conditional request
that matches gets 304. `Cache-Control` lets a CDN or nginx keep the page for
PUBLIC_CACHE_SECONDS, then serve it for STALE_WHILE_REVALIDATE_SECONDS more while it
checks again: both short, so that a withdrawal reaches readers behind nginx within 5 s
(deploy/nginx/xrays-proxy.conf).

The decorator alone is complete: it builds, keeps and serves pages. `PageCacheMiddleware`
serves the kept pages earlier, before sessions, CSRF, authentication and the
throttles run, so that a page readers ask for again costs less than the health check
(which runs every middleware and a query). It looks up the same key by the same rule,
and never builds or keeps anything itself. `FinishedPageCacheMiddleware`, second in
MIDDLEWARE, goes one step further: it keeps the page as it left the site the first
time PageCacheMiddleware served it (with the headers the security, CSP, permissions and
frame middleware add) and serves that before those run, so a hit costs about the
request log and one cache lookup. A page read again thus takes two entries of the
cache (PAGE_CACHE_MAX_ENTRIES counts both).

Each language's copy of a page is a page of its own (/glossary/ and /es/glossary/ are
two addresses), and both middleware find it before LocaleMiddleware has chosen the
request's language: see _rule_at and docs/languages.md.
"""

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast, overload

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from xrays import generations
from xrays.languages import language_of
from xrays.request_checks import lets_through_unchanged

CACHEABLE_METHODS = {"GET", "HEAD"}
# As django.middleware.gzip.GZipMiddleware decides whether to compress.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# The cache alias that holds pages (settings.py): apart from the throttle counts.
CACHE_ALIAS = "pages"
# Long enough for nginx to ask the site again (a 304 against the ETag, usually) while
# readers get the kept page; short, because how old a page behind nginx can be is
# PUBLIC_CACHE_SECONDS plus this.
STALE_WHILE_REVALIDATE_SECONDS = 1

View = Callable[..., HttpResponseBase]
# What `keep` stores and `serve` answers from: the page and its validators.
Entry = dict[str, Any]


@dataclass(frozen=True)
class PageRule:
    """What a public view's page depends on besides the content (see public_page)."""

    query: tuple[str, ...] = ()
    vary_on: Callable[[HttpRequest], str] | None = None
    vary_headers: tuple[str, ...] = ()

    def variant(self, request: HttpRequest) -> str:
        return self.vary_on(request) if self.vary_on else ""


class PublicPage(Protocol):
    """A view `public_page` decorated: it carries its PageRule, for PageCacheMiddleware."""

    page_rule: PageRule

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase: ...


@overload
def public_page(
    view: View,
    *,
    query: Iterable[str] = (),
    vary_on: Callable[[HttpRequest], str] | None = None,
    vary_headers: Iterable[str] = (),
) -> View: ...
@overload
def public_page(
    view: None = None,
    *,
    query: Iterable[str] = (),
    vary_on: Callable[[HttpRequest], str] | None = None,
    vary_headers: Iterable[str] = (),
) -> Callable[[View], View]: ...
def public_page(
    view: View | None = None,
    *,
    query: Iterable[str] = (),
    vary_on: Callable[[HttpRequest], str] | None = None,
    vary_headers: Iterable[str] = (),
) -> View | Callable[[View], View]:
    """Decorate a public view so anonymous readers get its page from the cache.

    `query` names the query parameters the view reads (e.g. "page"): only they are part
    of the key, so made-up parameters cannot fill the cache with copies of one page.
    `vary_on(request)` returns what else changes the page for this reader (a display
    choice kept in a cookie); `vary_headers` names the request headers that choice
    comes from, for downstream caches (e.g. ["Cookie"])."""
    rule = PageRule(tuple(query), vary_on, tuple(vary_headers))

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not may_use_cache(request):
                response = view(request, *args, **kwargs)
                patch_private(response)
                return response
            key = page_key(request, rule)
            entry = look_up(request, key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if not may_keep(response):
                    return response
                # may_keep refused streaming responses: this one has its content.
                in_language(request, response)
                return serve(request, keep(key, cast(HttpResponse, response), rule.vary_headers), "miss")
            return serve(request, entry, "hit")

        # Read by PageCacheMiddleware; functools.wraps carries it through the decorators
        # applied on top (require_safe …).
        page = cast(PublicPage, wrapped)
        page.page_rule = rule
        return page

    return decorate(view) if view is not None else decorate


class PageCacheMiddleware:
    """Serve a kept page before the rest of the middleware runs (see the module's
    docstring). Sits after the middleware that refuses bad requests and adds headers
    to every response, and before sessions: a request that carries a session goes on
    to the view, which decides."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if may_use_cache(request) and (rule := rule_for(request)) is not None:
            key = page_key(request, rule)
            entry = look_up(request, key)
            if entry is not None:
                return serve(request, entry, "hit")
        return self.get_response(request)


def look_up(request: HttpRequest, key: str) -> Entry | None:
    """The entry under `key`, asking the cache once per request and key (with Redis, each
    lookup is a round trip): the middleware and the view look up the same key."""
    # HttpRequest declares no such attribute.
    looked_up = request.__dict__.setdefault("page_cache_looked_up", {})
    if key not in looked_up:
        looked_up[key] = caches[CACHE_ALIAS].get(key)
    return looked_up[key]


class FinishedPageCacheMiddleware:
    """Serve a kept page as it left the site, before the middleware that adds headers to
    every response runs: a hit then costs little more than the log line.

    Second in MIDDLEWARE, right after the request log. The first time PageCacheMiddleware
    (further in) serves a page from the cache, the response comes back out through the
    middleware that adds the security, content-security, permissions and frame headers:
    this keeps that finished response, so the next readers get the very same headers
    without that middleware running. It serves only requests that middleware would let
    through unchanged: over HTTPS when the site redirects plain HTTP (and the key says
    which scheme, for HSTS), and with no control character in the query string or the
    cookies (xrays/request_checks.py would answer 400 or drop the cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = finished_key(request)
        if key is not None:
            entry = caches[CACHE_ALIAS].get(key)
            if entry is not None:
                return serve(request, entry, "hit")
        response = self.get_response(request)
        # A page PageCacheMiddleware served from the cache, with every header added on
        # its way out: what the next reader of this address gets from here.
        if (
            key is not None
            and request.method == "GET"
            and response.status_code == 200
            and response.get("X-Page-Cache") == "hit"
            and (validators := getattr(request, "page_cache_validators", None)) is not None
        ):
            caches[CACHE_ALIAS].set(key, {"response": response, **validators}, settings.PAGE_CACHE_SECONDS)
        return response


def finished_key(request: HttpRequest) -> str | None:
    """The key of the finished page for this request, or None when the request must go
    through the middleware (see FinishedPageCacheMiddleware)."""
    if not may_use_cache(request):
        return None
    secure = request.is_secure()
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None
    if not lets_through_unchanged(request):
        return None
    rule = rule_for(request)
    if rule is None:
        return None
    # GZipMiddleware, next in MIDDLEWARE, compresses the page for a reader whose browser
    # takes gzip (every browser does): the finished page is kept once each way.
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "identity"
    return f"{page_key(request, rule)}:finished:{'https' if secure else 'http'}:{encoding}"


def rule_for(request: HttpRequest) -> PageRule | None:
    """The PageRule of the view at the request's address, or None."""
    path_info = request.path_info
    return _rule_at(
        path_info, getattr(request, "urlconf", None) or settings.ROOT_URLCONF, language_of(path_info)
    )


# Resolving an address walks the URL patterns: a page readers ask for again is looked
# up here instead (the patterns do not change while a process runs). Bounded, so that
# made-up addresses only push out other addresses.
#
# The middleware asks before LocaleMiddleware has chosen this request's language, and
# i18n_patterns match an address against the prefix of the thread's active language:
# whatever the thread's previous request left active would decide, so /es/… would never
# resolve after an English page, nor an English address after a Spanish one, and the
# lru_cache would keep that wrong answer. So each address is resolved in the language
# its own prefix gives it, and that language is part of the lru_cache's key.
# (Moving LocaleMiddleware ahead would not do: FinishedPageCacheMiddleware, second in
# MIDDLEWARE, resolves too, and a finished page read again would then pay for
# LocaleMiddleware's own resolving, which is what it exists to skip.)
@functools.lru_cache(maxsize=1024)
def _rule_at(path_info: str, urlconf: str, language: str) -> PageRule | None:
    with translation.override(language):
        try:
            match = resolve(path_info, urlconf)
        except Resolver404:
            return None
    return getattr(match.func, "page_rule", None)


def serve(request: HttpRequest, entry: Entry, outcome: str) -> HttpResponseBase:
    response = entry["response"]
    # Read back by FinishedPageCacheMiddleware; HttpRequest declares no such attribute.
    request.page_cache_validators = {  # type: ignore[attr-defined]
        "etag": entry["etag"],
        "last_modified": entry["last_modified"],
    }
    response["X-Page-Cache"] = outcome
    # Given a response, it returns that response or a 304/412, never None.
    return cast(
        HttpResponse,
        get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        ),
    )


def may_use_cache(request: HttpRequest) -> bool:
    """Anonymous readers only: anyone with a session may see staff content."""
    return request.method in CACHEABLE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request: HttpRequest, rule: PageRule) -> str:
    # Values in the order given, never sorted: `?type=a&type=b` shows type b (the view
    # reads the last value), `?type=b&type=a` type a.
    params = [(name, values) for name in rule.query if (values := request.GET.getlist(name))]
    # The host is part of the address: feeds and the sitemap write absolute links from
    # it, and asking for it refuses a host outside ALLOWED_HOSTS (400).
    address = f"{request.get_host()}{request.path}?{params}"
    digest = hashlib.sha256(f"{address}\n{rule.variant(request)}".encode()).hexdigest()[:32]
    return f"page:{digest}:{generations.all_current()}"


def in_language(request: HttpRequest, response: HttpResponseBase) -> None:
    """Say the page's language as LocaleMiddleware would on its way out: the kept page
    is served from outside that middleware, and must leave the same from the cache."""
    response.headers.setdefault("Content-Language", translation.get_language())


def may_keep(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def keep(key: str, response: HttpResponse, vary_headers: Iterable[str]) -> Entry:
    """Store the rendered page with the validators conditional requests are checked against."""
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    seconds = settings.PUBLIC_CACHE_SECONDS
    response["Cache-Control"] = (
        f"public, max-age={seconds}, stale-while-revalidate={STALE_WHILE_REVALIDATE_SECONDS}"
    )
    if vary_headers:
        patch_vary_headers(response, vary_headers)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    # Set here as CommonMiddleware would: PageCacheMiddleware serves the page from
    # outside it.
    response["Content-Length"] = str(len(response.content))
    last_modified = int(time.time())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    entry = {"response": response, "etag": etag, "last_modified": last_modified}
    # The key changes with the content; the timeout only bounds how long unused pages
    # take up room.
    caches[CACHE_ALIAS].set(key, entry, settings.PAGE_CACHE_SECONDS)
    return entry


def patch_private(response: HttpResponseBase) -> HttpResponseBase:
    """A page served to someone with a session may show staff content: no shared cache
    may keep it."""
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, no-cache"
    return response


def keep_nowhere(response: HttpResponseBase) -> HttpResponseBase:
    """Mark a page built for an address made up around it (a page number past the last,
    a filter the site does not know, a parameter given twice): it is served, but neither
    the page cache nor nginx or a browser keeps it, so such addresses cannot fill a
    cache with copies of one page."""
    patch_cache_control(response, no_store=True)
    return response
