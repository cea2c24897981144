"""The reader's "Glossary on / off" choice, kept in a cookie so it works without
JavaScript and without an account."""

from django.urls import reverse

from glossary.marking import Glossary
from glossary.models import GLOSSARY, Term
from xrays import generations

COOKIE_NAME = "glossary"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def glossary_enabled(request):
    return request.COOKIES.get(COOKIE_NAME) != "off"


def page_glossary():
    """The glossary that article pages mark, cached until a term changes (in any process)."""
    entries = generations.cached(
        GLOSSARY, "glossary:entries", lambda: Glossary.from_terms(Term.objects.all()).entries
    )
    return Glossary(entries, reverse("glossary:index"))
