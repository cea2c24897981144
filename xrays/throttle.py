"""Throttles for public forms (django-ratelimit), and the page a throttled reader sees.

The counts live in a cache that every web process shares (`RATELIMIT_USE_CACHE`:
Redis, or a table in the database), so a limit holds however many workers serve the
site. `RATELIMIT_ENABLE=0` turns every throttle off (load tests only). Behind a reverse
proxy, set `TRUSTED_PROXIES` to the number of proxies in front of the site, so that
each reader is counted by their own address rather than the proxy's."""

import base64
import pickle

from django.conf import settings
from django.contrib import admin
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import is_ratelimited


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or the entry the nearest trusted proxy added
    to X-Forwarded-For (entries further left can be forged by the client)."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_rate(request, group: str, key: str, rate: str) -> bool:
    """Count this request against `key` in `group`, whoever sends it, and say whether
    it goes over `rate` (e.g. "3/h"): a throttle by what a form carries (an email
    address) rather than by the client."""
    return is_ratelimited(request, group=group, key=lambda group, request: key, rate=rate, increment=True)


def throttled(request, exception):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows once log-ins are paused for an account or a client:
    how long, and whom to ask."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Log-in paused",
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "admin/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class DatabaseCounterCache(DatabaseCache):
    """Django's database cache, whose counts every web process shares, with an increment
    that holds when several requests count at once (Django's reads the value, then writes
    it back, so two requests at the same moment would count as one). The row is locked
    while it changes: FOR UPDATE on PostgreSQL; on SQLite the transaction already holds
    the database's write lock (see DATABASES in settings). An increment keeps the count's
    expiry, so a throttle's window is the one it was created with.

    Its table is made by xrays' migrations (`xrays.models.ThrottleCacheEntry`)."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        table = quote(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._converted_datetime(row[1], connection) < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"), key],
            )
        return value

    @staticmethod
    def _converted_datetime(value, connection):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        ):
            value = converter(value, expression, connection)
        return value


def counts_in_one_process(cache_settings):
    """Whether the throttles' cache keeps its counts in each process's own memory."""
    return cache_settings.get("BACKEND") in PROCESS_LOCAL_CACHES


PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
