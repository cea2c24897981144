"""/sitemap.xml (no language prefix): every page readers have, in each language it
exists in, with hreflang alternates so that search engines show each reader the page
in their language and treat the two as one page, not as copies.

An article and its translation are two articles with their own slugs, so an
article's alternates are its family's live versions (the English source and its live
translations), found for each page of the sitemap in one query. The site's own pages
(home, search, glossary, feeds) exist in every language at the same address under
the language's prefix: Django's i18n sitemap lists them once per language."""

import re

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from articles.models import PublishedVersion
from xrays.page_cache import keep_nowhere

# A page number as Django's sitemap writes it: `?p=2`, never `?p=02` or `?p=+2`.
PAGE_NUMBER = re.compile(r"[1-9][0-9]*")


def _listed():
    # A superseded review stays online, but search engines are sent to the newer one.
    return PublishedVersion.objects.live().filter(superseded_by__isnull=True)


def family_addresses(family_ids):
    """{family id: {language: address}} of the listed versions of those families (an
    English article's id names its family; a translation's is its source's)."""
    families = {}
    rows = (
        _listed()
        .annotate(family=Coalesce(F("live_for__translation_of"), F("live_for")))
        .filter(family__in=family_ids)
        .values_list("family", "language", "slug")
    )
    for family, language, slug in rows:
        with translation.override(language):
            families.setdefault(family, {})[language] = reverse("articles:detail", args=[slug])
    return families


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            _listed().annotate(family=Coalesce(F("live_for__translation_of"), F("live_for"))).order_by("pk")
        )

    def location(self, item):
        # The version's own language's address: /es/articles/<its slug>/ for Spanish.
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.published_at

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's entries, each with its family's other languages as alternates
        (and x-default, the English page) where a live translation exists."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        families = family_addresses({url["item"].family for url in urls})
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            addresses = families.get(url["item"].family, {})
            if len(addresses) < 2:
                continue
            url["alternates"] = [
                {"lang_code": code, "location": base + addresses[code]}
                for code, _ in settings.LANGUAGES
                if code in addresses
            ]
            if settings.LANGUAGE_CODE in addresses:
                url["alternates"].append(
                    {"lang_code": "x-default", "location": base + addresses[settings.LANGUAGE_CODE]}
                )
        return urls


class PageSitemap(Sitemap):
    """The site's own pages, in every language, each with the others as alternates."""

    changefreq = "weekly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["articles:home", "articles:search", "glossary:index", "feeds"]

    def location(self, item):
        return reverse(item)


def sitemap_page(request, sitemaps):
    """Django's sitemap view, for the page cache: a page number written otherwise than
    Django writes it (or given twice) shows the same page, which is kept nowhere."""
    response = sitemap(request, sitemaps)
    numbers = request.GET.getlist("p")
    if numbers and (len(numbers) > 1 or not PAGE_NUMBER.fullmatch(numbers[0])):
        keep_nowhere(response)
    return response
