from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import PublishedVersion


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
