"""The reader's "Glossary on / off" choice, kept in a cookie so it works without
JavaScript and without an account."""

from django.conf import settings
from django.urls import reverse

from glossary.marking import Glossary
from glossary.models import GLOSSARY, Term
from xrays import generations

COOKIE_NAME = "glossary"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def glossary_enabled(request):
    return request.COOKIES.get(COOKIE_NAME) != "off"


def page_glossary(language=settings.LANGUAGE_CODE):
    """The glossary that marks article text written in `language` (an article's own
    language, not the reader's interface: an English article shown on a Spanish page is
    marked with English terms), cached until a term changes (in any process). Its links
    lead to the glossary page in the active language."""
    entries = generations.cached(
        GLOSSARY,
        f"glossary:entries:{language}",
        lambda: Glossary.from_terms(Term.objects.all(), language=language).entries,
    )
    return Glossary(entries, reverse("glossary:index"))
