"""Where this page is in each of the site's languages: the language switcher, the
hreflang alternates and the Open Graph locales in base.html all come from here, so
they never disagree.

By default a page in another language is the same address under that language's
prefix (/glossary/ and /es/glossary/): the view that answers both is the same, and
Django's `translate_url` gives one from the other. A view whose pages have addresses
of their own in each language (an article and its translation, each with its own
slug) puts `language_alternates` in its context: {language code: address, or None
when there is no page in that language yet}. None still leaves the switcher a place to
go (the same address in that language: the English article in the Spanish interface)
but no hreflang alternate, which promises search engines a translation.

The query string: a page in the page cache is served to every reader who asks for its
address with the same parameters its view reads (xrays/page_cache.py), so its links
may repeat only those. Other parameters a reader added (?utm_source=…) are left out;
pages that are never cached (search) keep their whole query string.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation

from xrays.languages import language_of
from xrays.page_cache import rule_for
from xrays.request_checks import has_control_characters


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language ("Español"), as a reader of it looks for it
    url: str  # this page in that language, or that language's home page
    current: bool
    has_page: bool  # a page of this content in that language: an hreflang alternate

    @property
    def is_default(self) -> bool:
        """The site's first language (English): hreflang's x-default."""
        return self.code == settings.LANGUAGE_CODE


def language_links(
    request: HttpRequest, alternates: Mapping[str, str | None] | None = None
) -> list[LanguageLink]:
    """One link per language of settings.LANGUAGES, in that order, for the page
    `request` asked for (see the module's docstring for `alternates`)."""
    current = translation.get_language()
    alternates = alternates or {}
    query = _query_to_keep(request)
    links = []
    for code, name in settings.LANGUAGES:
        if given := alternates.get(code):
            url, has_page = given, True
        else:
            same = same_address_in(code, request)
            # A language the view answers None for has no page of this content yet.
            has_page = same is not None and code not in alternates
            url = (f"{same}?{query}" if query else same) if same else home_in(code)
        links.append(LanguageLink(code, name, url, code == current, has_page))
    return links


def same_address_in(language: str, request: HttpRequest) -> str | None:
    """The request's address in `language` (no query string), or None when the address
    answers in no language (a 404 page at a made-up address)."""
    path = request.path_info
    if language_of(path) == language:
        return request.path
    if request.resolver_match is None:
        # Answered before the URLs were resolved (a refused request) or at no address.
        return None
    translated = translate_url(path, language)
    # translate_url gives back what it was given when it cannot translate.
    return translated if translated != path else None


def home_in(language: str) -> str:
    with translation.override(language):
        return reverse("articles:home")


def _query_to_keep(request: HttpRequest) -> str:
    if request.resolver_match is None or has_control_characters(request.GET):
        return ""
    rule = rule_for(request)
    if rule is None:
        return request.GET.urlencode()
    return urlencode([(name, value) for name in rule.query for value in request.GET.getlist(name)])
