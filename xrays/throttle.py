"""Throttles for public forms (django-ratelimit), and the page a throttled reader sees.

`RATELIMIT_ENABLE=0` turns every throttle off (load tests only). Behind a reverse
proxy, set `TRUSTED_PROXIES` to the number of proxies in front of the site, so that
each reader is counted by their own address rather than the proxy's."""

from django.conf import settings
from django.shortcuts import render


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


def throttled(request, exception):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
