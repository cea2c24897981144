import logging

from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


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


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
