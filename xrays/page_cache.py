"""Whole public pages, cached for anonymous readers and never stale.

A page is kept under a key made of its address, the reader's display choices that
change it (the view says which, e.g. glossary on or off) and the content generations
of every scope (xrays/generations.py): a publication, a withdrawal, a glossary, site
text or audience change bumps a generation in the database, so every web process
builds the page afresh on its very next request, even with a cache local to each
process. A hit costs one small query (the generations) and a cache lookup.

Never cached: requests that carry a session (staff, logged in), methods other than
GET and HEAD, and responses that are not a plain 200 or that set a cookie.

Each cached page carries an ETag and a Last-Modified date, and a conditional request
that matches gets 304. `Cache-Control` lets a CDN or nginx keep the page for
PUBLIC_CACHE_SECONDS, then serve it while it checks again (stale-while-revalidate).

The decorator alone is complete: it builds, keeps and serves pages. `PageCacheMiddleware`
serves the kept pages earlier, before sessions, CSRF, authentication and the
throttles run, so that a page readers ask for again costs less than the health check
(which runs every middleware and a query). It looks up the same key by the same rule,
and never builds or keeps anything itself.
"""

import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from xrays import generations

CACHEABLE_METHODS = {"GET", "HEAD"}


@dataclass(frozen=True)
class PageRule:
    """What a public view's page depends on besides the content (see public_page)."""

    query: tuple = ()
    vary_on: object = None
    vary_headers: tuple = ()

    def variant(self, request):
        return self.vary_on(request) if self.vary_on else ""


def public_page(view=None, *, query=(), vary_on=None, vary_headers=()):
    """Decorate a public view so anonymous readers get its page from the cache.

    `query` names the query parameters the view reads (e.g. "page"): only they are part
    of the key, so made-up parameters cannot fill the cache with copies of one page.
    `vary_on(request)` returns what else changes the page for this reader (a display
    choice kept in a cookie); `vary_headers` names the request headers that choice
    comes from, for downstream caches (e.g. ["Cookie"])."""
    rule = PageRule(tuple(query), vary_on, tuple(vary_headers))

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_use_cache(request):
                response = view(request, *args, **kwargs)
                patch_private(response)
                return response
            key = page_key(request, rule)
            # PageCacheMiddleware has just looked this key up and found nothing: once
            # is enough (with Redis, each lookup is a round trip).
            entry = None if getattr(request, "page_cache_missed", None) == key else cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if not may_keep(response):
                    return response
                return serve(request, keep(key, response, rule.vary_headers), "miss")
            return serve(request, entry, "hit")

        # Read by PageCacheMiddleware; functools.wraps carries it through the decorators
        # applied on top (require_safe …).
        wrapped.page_rule = rule
        return wrapped

    return decorate(view) if view is not None else decorate


class PageCacheMiddleware:
    """Serve a kept page before the rest of the middleware runs (see the module's
    docstring). Sits after the middleware that refuses bad requests and adds headers
    to every response, and before sessions: a request that carries a session goes on
    to the view, which decides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if may_use_cache(request) and (rule := rule_for(request)) is not None:
            key = page_key(request, rule)
            entry = cache.get(key)
            if entry is not None:
                return serve(request, entry, "hit")
            request.page_cache_missed = key
        return self.get_response(request)


def rule_for(request):
    """The PageRule of the view at the request's address, or None."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "page_rule", None)


def serve(request, entry, outcome):
    response = entry["response"]
    response["X-Page-Cache"] = outcome
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )


def may_use_cache(request):
    """Anonymous readers only: anyone with a session may see staff content."""
    return request.method in CACHEABLE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request, rule):
    params = sorted((name, value) for name in rule.query for value in request.GET.getlist(name))
    # The host is part of the address: feeds and the sitemap write absolute links from
    # it, and asking for it refuses a host outside ALLOWED_HOSTS (400).
    address = f"{request.get_host()}{request.path}?{params}"
    digest = hashlib.sha256(f"{address}\n{rule.variant(request)}".encode()).hexdigest()[:32]
    return f"page:{digest}:{generations.all_current()}"


def may_keep(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def keep(key, response, vary_headers):
    """Store the rendered page with the validators conditional requests are checked against."""
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    seconds = settings.PUBLIC_CACHE_SECONDS
    response["Cache-Control"] = f"public, max-age={seconds}, stale-while-revalidate={seconds * 5}"
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
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return entry


def patch_private(response):
    """A page served to someone with a session may show staff content: no shared cache
    may keep it."""
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, no-cache"
    return response
