import re

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from articles.models import PublishedVersion
from xrays.page_cache import keep_nowhere

# A page number as Django's sitemap writes it: `?p=2`, never `?p=02` or `?p=+2`.
PAGE_NUMBER = re.compile(r"[1-9][0-9]*")


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # A superseded review stays online, but search engines are sent to the newer one.
        return PublishedVersion.objects.live().filter(superseded_by__isnull=True).order_by("pk")

    def lastmod(self, item):
        return item.published_at


class PageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["articles:home", "glossary:index"]

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
