"""The reader's "Glossary on / off" choice, kept in a cookie so it works without
JavaScript and without an account."""

from django.core.cache import cache
from django.urls import reverse

from glossary.marking import Glossary
from glossary.models import Term

COOKIE_NAME = "glossary"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def glossary_enabled(request):
    return request.COOKIES.get(COOKIE_NAME) != "off"


def page_glossary():
    """The glossary that article pages mark, from the cache (Term.save clears it)."""
    entries = cache.get(Term.CACHE_KEY)
    if entries is None:
        entries = Glossary.from_terms(Term.objects.all()).entries
        cache.set(Term.CACHE_KEY, entries, 3600)
    return Glossary(entries, reverse("glossary:index"))
