from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from glossary.marking import alphabetical_key
from glossary.models import Term
from glossary.preferences import COOKIE_MAX_AGE, COOKIE_NAME
from xrays.page_cache import public_page


@require_safe
@public_page
def index(request):
    """Every term in the reader's language, alphabetically in that language; a term not
    yet translated is shown in English (the template marks it lang="en")."""
    language = translation.get_language()
    entries = [term.entry_for_readers_of(language) for term in Term.objects.all()]
    entries.sort(key=lambda entry: alphabetical_key(entry.name))
    return render(request, "glossary/index.html", {"terms": entries, "page_language": language})


@require_safe
def switch(request):
    """Turn glossary marking on or off for this reader, then go back to the page.

    A plain link, so it works without JavaScript; it only sets a display preference."""
    state = "off" if request.GET.get("state") == "off" else "on"
    # Without a safe page to go back to, the home page in the reader's language.
    home = reverse("articles:home")
    next_url = request.GET.get("next", home)
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = home
    response = redirect(next_url)
    response.set_cookie(
        COOKIE_NAME, state, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure(), httponly=True
    )
    return response
