"""The feeds of new and updated articles (all of them, or one audience's), and the page
that tells people what a feed is: a person who taps a raw feed address sees XML, so
the site links to the page instead.

One feed per language, at that language's address (/feeds/articles/,
/es/feeds/articles/): each lists the versions written in its language only, titled
and described in it, and says so (the feed's `language`, the active one). A feed
reader shows one language, so English versions not yet translated stay out of the
Spanish feed; the Spanish pages still offer them."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from articles.models import EntryType, PublishedVersion
from articles.models.ratings import snapshot_level_name, snapshot_scale_name
from audiences.models import Audience

FEED_SIZE = 30


def feed_language():
    """The language of the feed asked for: its address's (LocaleMiddleware)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def entry_type_name(entry_type):
    """A type the site knows, named in the active language; one since retired by the
    name it was published with (as articles.page does)."""
    if entry_type["value"] in EntryType.values:
        return str(EntryType(entry_type["value"]).label)
    return entry_type["name"]


def glance_lines(content):
    """The type and ratings as plain lines: "Strength of science: Low (1 of 3). Why …"."""
    lines = []
    if entry_type := content.get("entry_type"):
        lines.append(gettext("Type of entry: %(name)s") % {"name": entry_type_name(entry_type)})
    for rating in content.get("ratings", []):
        place = (
            " "
            + gettext("(%(position)s of %(levels)s)")
            % {"position": rating["position"], "levels": rating["levels"]}
            if rating.get("position")
            else ""
        )
        # Named in the feed's language once an editor has written it (the reasons stay
        # the English article's words: the same in every language).
        scale = snapshot_scale_name(rating, feed_language())[0]
        level = snapshot_level_name(rating, feed_language())[0]
        line = f"{scale}: {level}{place}. {rating['rationale']}".strip()
        if rating.get("evidence"):
            line += " " + gettext("Evidence: %(evidence)s.") % {"evidence": "; ".join(rating["evidence"])}
        lines.append(line)
    return lines


class ArticlesFeed(Feed):
    """New and updated articles in the feed's language. An update gets a new entry id,
    so feed readers show it."""

    title = gettext_lazy("XRAYS: new and updated articles")
    link = reverse_lazy("articles:home")
    description = gettext_lazy("Plain-language reviews of cancer research news, for patients and families.")

    def items(self):
        return self.newest(PublishedVersion.objects.live().in_language(feed_language()))

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
            return gettext("Superseded: %(title)s") % {"title": item.title}
        return gettext("Updated: %(title)s") % {"title": item.title} if item.is_update else item.title

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
        return [entry_type_name(entry_type)] if entry_type else []

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
    audience's page lists them, in the feed's language."""

    def get_object(self, request, slug):
        return get_object_or_404(Audience, slug=slug)

    def title(self, audience):
        return gettext("XRAYS: new and updated articles for %(audience)s") % {
            "audience": audience.name_in(feed_language())
        }

    def link(self, audience):
        return reverse("audience_detail", args=[audience.slug])

    def description(self, audience):
        return gettext("Plain-language reviews of cancer research news relevant for %(audience)s.") % {
            "audience": audience.name_in(feed_language())
        }

    def items(self, audience):
        return self.newest(
            PublishedVersion.objects.live().in_language(feed_language()).relevant_for(audience)
        )


def audiences_with_articles_in(language):
    """The audiences some live version in `language` is relevant (or also relevant)
    for: those whose feed in that language has entries."""
    return Audience.objects.filter(
        Q(versions_relevant__live_for__isnull=False, versions_relevant__language=language)
        | Q(versions_also_relevant__live_for__isnull=False, versions_also_relevant__language=language)
    ).distinct()


@require_safe
def feeds_help(request):
    """/feeds/: what a feed is, how to follow one, and the addresses to copy: the feeds
    of the page's language (/es/feeds/ lists the Spanish ones)."""
    language = feed_language()
    feeds = [
        {"id": "rss", "name": gettext("All new and updated articles (RSS)"), "url": reverse("feed_rss")},
        {
            "id": "atom",
            "name": gettext("The same articles in Atom, for readers that ask for it"),
            "url": reverse("feed_atom"),
        },
    ]
    # One feed for each audience some live article in this language is for.
    by_audience = sorted(
        (
            {
                "id": f"audience-{a.slug}",
                "name": a.name_in(language),
                "url": reverse("feed_audience", args=[a.slug]),
            }
            for a in audiences_with_articles_in(language)
        ),
        key=lambda feed: feed["name"].casefold(),
    )
    for feed in feeds + by_audience:
        feed["address"] = settings.SITE_URL + feed["url"]
    return render(request, "articles/feeds_help.html", {"feeds": feeds, "by_audience": by_audience})
