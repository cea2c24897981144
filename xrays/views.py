import functools
import logging

from django.contrib.staticfiles import finders
from django.db import DatabaseError, InterfaceError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from xrays import health
from xrays.languages import language_of

logger = logging.getLogger(__name__)

# A day: browsers keep the icon long and ask rarely; a new icon reaches them by tomorrow.
FAVICON_MAX_AGE = 24 * 60 * 60


@never_cache
@require_safe
def healthz(request):
    """200 once the database answers one trivial query; 503 with a one-line reason when
    it does not, so a load balancer takes this process out of rotation instead of
    reading a 500 error page. Touches nothing else (no session, no user)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def health_check(request, name):
    """`/healthz/<name>`: an app's check (xrays/health.py). 200 with {"status": "ok"},
    503 with the word for what is wrong; staff with the check's permission also get
    its numbers. Anonymous callers with no session cost no query beyond the check's."""
    check = health.checks.get(name)
    if check is None:
        raise Http404
    user = request.user
    detailed = user.is_active and user.is_staff and user.has_perm(check.permission)
    try:
        report = check.function(detailed)
    except (DatabaseError, InterfaceError) as error:
        logger.warning("Health check %s: the database did not answer: %s", name, error)
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def bad_request(request, exception):
    """Django's 400 page, in the language of the address asked for: Django answers a
    request it refuses (a Host outside ALLOWED_HOSTS) from whichever middleware was
    running, often before LocaleMiddleware has chosen the language (xrays/languages.py)."""
    with translation.override(language_of(request.path_info)):
        return defaults.bad_request(request, exception)


def server_error(request):
    """Django's 500 page, in the language of the address asked for (see bad_request): a
    cache that does not answer fails in the page cache, before LocaleMiddleware."""
    with translation.override(language_of(request.path_info)):
        try:
            home_url = reverse("articles:home")
        except NoReverseMatch:
            home_url = "/"
        return HttpResponseServerError(loader.render_to_string("500.html", {"home_url": home_url}))


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@functools.cache
def _favicon_bytes():
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
@cache_control(public=True, max_age=FAVICON_MAX_AGE)
def favicon(request):
    """`/favicon.ico`, where browsers and link previews look for the icon without being
    told. Read from the static files once per process; no query, no session."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")
