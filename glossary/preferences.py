"""The reader's "Glossary on / off" choice, kept in a cookie so it works without
JavaScript and without an account."""

from django.urls import reverse

from glossary.marking import Glossary
from glossary.models import Term

COOKIE_NAME = "glossary"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def glossary_enabled(request):
    return request.COOKIES.get(COOKIE_NAME) != "off"


def page_glossary():
    return Glossary.from_terms(Term.objects.all(), reverse("glossary:index"))
