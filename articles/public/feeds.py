"""The feeds of new and updated articles (all of them, or one audience's), and the page
that tells people what a feed is: a person who taps a raw feed address sees XML, so
the site links to the page instead."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.views.decorators.http import require_safe

from articles.models import PublishedVersion
from articles.public.filters import audience_choices
from audiences.models import Audience

FEED_SIZE = 30


def glance_lines(content):
    """The type and ratings as plain lines: "Strength of science: Low (1 of 3). Why …"."""
    lines = []
    if entry_type := content.get("entry_type"):
        lines.append(f"Type of entry: {entry_type['name']}")
    for rating in content.get("ratings", []):
        place = f" ({rating['position']} of {rating['levels']})" if rating.get("position") else ""
        line = f"{rating['name']}: {rating['level']}{place}. {rating['rationale']}".strip()
        if rating.get("evidence"):
            line += f" Evidence: {'; '.join(rating['evidence'])}."
        lines.append(line)
    return lines


class ArticlesFeed(Feed):
    """New and updated articles. An update gets a new entry id, so feed readers show it."""

    title = "XRAYS: new and updated articles"
    link = reverse_lazy("articles:home")
    description = "Plain-language reviews of cancer research news, for patients and families."

    def items(self):
        return self.newest(PublishedVersion.objects.live())

    def newest(self, versions):
        items = list(versions.order_by("-published_at")[:FEED_SIZE])
        # Where each superseded review's entry leads: the newer review's page, in one query.
        newer = {item.superseded_by_id for item in items} - {None}
        slugs = PublishedVersion.objects.live_slugs(newer)
        for item in items:
            slug = slugs.get(item.superseded_by_id)
            item.newer_url = reverse("articles:detail", args=[slug]) if slug else ""
        return items

    def item_title(self, item):
        if item.superseded_by_id:
            return f"Superseded: {item.title}"
        return f"Updated: {item.title}" if item.is_update else item.title

    def item_description(self, item):
        """The summary as HTML made from plain text. Both feed formats mark the description
        as HTML, and summaries are plain text that editors type: escaped here, markup an
        editor typed shows as the characters typed, as it does on the site, and never
        runs in a feed reader."""
        text = item.summary
        if item.is_update and item.change_summary:
            text = f"{item.change_summary}\n\n{item.summary}"
        at_a_glance = glance_lines(item.content)
        if at_a_glance:
            text = f"{text}\n\n" + "\n".join(at_a_glance)
        return linebreaks(text, autoescape=True)

    def item_categories(self, item):
        entry_type = item.content.get("entry_type")
        return [entry_type["name"]] if entry_type else []

    def item_link(self, item):
        # A superseded review's entry leads to the review that replaces it.
        return item.newer_url or item.get_absolute_url()

    def item_guid(self, item):
        return f"xrays-article-{item.article_id}-version-{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description


class AudienceFeed(ArticlesFeed):
    """New and updated articles relevant (or also relevant) for one audience, as the
    audience's page lists them."""

    def get_object(self, request, slug):
        return get_object_or_404(Audience, slug=slug)

    def title(self, audience):
        return f"XRAYS: new and updated articles for {audience.name}"

    def link(self, audience):
        return reverse("audience_detail", args=[audience.slug])

    def description(self, audience):
        return f"Plain-language reviews of cancer research news relevant for {audience.name}."

    def items(self, audience):
        return self.newest(PublishedVersion.objects.live().relevant_for(audience))


@require_safe
def feeds_help(request):
    """/feeds/: what a feed is, how to follow one, and the addresses to copy."""
    feeds = [
        {"id": "rss", "name": "All new and updated articles (RSS)", "url": reverse("feed_rss")},
        {
            "id": "atom",
            "name": "The same articles in Atom, for readers that ask for it",
            "url": reverse("feed_atom"),
        },
    ]
    # One feed for each audience some live article is for, as the home page's filter offers.
    by_audience = [
        {"id": f"audience-{a.slug}", "name": a.name, "url": reverse("feed_audience", args=[a.slug])}
        for a in audience_choices().order_by("name")
    ]
    for feed in feeds + by_audience:
        feed["address"] = settings.SITE_URL + feed["url"]
    return render(request, "articles/feeds_help.html", {"feeds": feeds, "by_audience": by_audience})
