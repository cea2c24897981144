from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from glossary.models import Term
from glossary.preferences import COOKIE_MAX_AGE, COOKIE_NAME
from xrays.page_cache import public_page


@require_safe
@public_page
def index(request):
    return render(request, "glossary/index.html", {"terms": Term.objects.all()})


@require_safe
def switch(request):
    """Turn glossary marking on or off for this reader, then go back to the page.

    A plain link, so it works without JavaScript; it only sets a display preference."""
    state = "off" if request.GET.get("state") == "off" else "on"
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        COOKIE_NAME, state, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure(), httponly=True
    )
    return response
