"""Readers' filters on the listings (home, audience pages, search): the audience (home
and search; an audience page has its own), the type of entry and the rating levels,
e.g. `?audience=people-with-breast-cancer&type=study_review&rating=timeline:in-practice`.

Several levels of one scale mean any of them; levels of different scales must all hold;
everything combines with the page's audience and search words. A value the site does
not know (a level since renamed, a typo, junk) is left out and the reader told so:
never an error page. Listings are cached whole: the views name FILTER_QUERY among the
query parameters of their cache key (xrays/page_cache.py), and keep a page only when
its filters are written as the site's own form and links write them (`as_the_site_writes`):
made-up values, or known ones repeated or reordered, would each make a copy of a page.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

from articles.models import EntryType, PublishedVersion, RatingLevel
from audiences.models import Audience

AUDIENCE_PARAM = "audience"
TYPE_PARAM = "type"
RATING_PARAM = "rating"
FILTER_QUERY = (TYPE_PARAM, RATING_PARAM)
# More values than any form sends: the rest are not even looked at.
MAX_VALUES = 12
MAX_VALUE_LENGTH = 130


@dataclass
class Scale:
    """A rating scale as the filter form offers it."""

    name: str
    slug: str
    levels: list  # of RatingLevel
    chosen: str = ""  # the filter value chosen on this scale, if any
    name_es: str = ""  # its Spanish name, if written (articles/templatetags/rating_names.py)


def audience_choices():
    """The audiences the filter form offers: those some live article is relevant for."""
    return Audience.objects.filter(
        Q(versions_relevant__live_for__isnull=False) | Q(versions_also_relevant__live_for__isnull=False)
    ).distinct()


def level_label(level):
    """A chosen level as the reader's language names it: "Research timeline: In practice"."""
    language = get_language()
    return f"{level.criterion.name_in(language)}: {level.name_in(language)}"


@dataclass
class Chosen:
    """One filter in use, in words, and the address of the page without it."""

    label: str
    without: str  # a query string


@dataclass
class ListingFilters:
    audience: Audience | None = None  # read only where the page offers the choice
    entry_type: str = ""
    levels: list = field(default_factory=list)  # the RatingLevels chosen
    ignored: list = field(default_factory=list)  # values left out, as the reader typed them
    scales: list = field(default_factory=list)  # for the form

    @classmethod
    def from_request(cls, request, audience=False):
        """The filters in `request.GET`; one query (the scales and their levels), and
        one more for the `audience` when the page offers that choice."""
        filters = cls()
        if audience and (slug := _clean(request.GET.get(AUDIENCE_PARAM, ""))):
            filters.audience = Audience.objects.filter(slug=slug).first()
            if filters.audience is None:
                filters.ignored.append(slug)

        by_value = {}
        for level in RatingLevel.objects.select_related("criterion").order_by(
            "criterion__order", "criterion_id", "order", "pk"
        ):
            if not filters.scales or filters.scales[-1].slug != level.criterion.slug:
                criterion = level.criterion
                filters.scales.append(Scale(criterion.name, criterion.slug, [], name_es=criterion.name_es))
            filters.scales[-1].levels.append(level)
            by_value[level.filter_value] = level

        entry_type = _clean(request.GET.get(TYPE_PARAM, ""))
        if entry_type in EntryType.values:
            filters.entry_type = entry_type
        elif entry_type:
            filters.ignored.append(entry_type)

        for value in request.GET.getlist(RATING_PARAM)[:MAX_VALUES]:
            value = _clean(value)
            if not value:
                continue
            level = by_value.get(value)
            if level is None:
                filters.ignored.append(value)
            elif level not in filters.levels:
                filters.levels.append(level)
        # In the order of the scales, as the form lists them: the links write them so.
        order = list(by_value.values())
        filters.levels.sort(key=order.index)
        for scale in filters.scales:
            chosen = [level for level in filters.levels if level.criterion.slug == scale.slug]
            scale.chosen = chosen[0].filter_value if len(chosen) == 1 else ""
        return filters

    @property
    def active(self):
        return bool(self.entry_type or self.levels)

    @property
    def entry_type_name(self):
        """The type chosen, named in the active language."""
        return str(EntryType(self.entry_type).label) if self.entry_type else ""

    @property
    def ignored_in_quotes(self):
        """The values left out, each in quotes, as the notice names them: “a”, “b”."""
        return ", ".join(f"“{value}”" for value in self.ignored)

    @property
    def entry_types(self):
        return EntryType.choices

    def apply(self, versions):
        """`versions` (PublishedVersions) narrowed to those these filters let through.
        Subqueries, not joins: a version rated at two chosen levels is listed once."""
        if self.audience:
            versions = versions.filter(
                pk__in=PublishedVersion.objects.relevant_for(self.audience).values("pk")
            )
        if self.entry_type:
            versions = versions.filter(entry_type=self.entry_type)
        rated = PublishedVersion.rating_levels.through.objects
        by_scale = {}
        for level in self.levels:
            by_scale.setdefault(level.criterion_id, []).append(level.pk)
        for level_ids in by_scale.values():
            versions = versions.filter(
                pk__in=rated.filter(ratinglevel_id__in=level_ids).values("publishedversion_id")
            )
        return versions

    def as_the_site_writes(self, request):
        """Whether `request.GET` holds these filters exactly as the site writes them: the
        listing links (`query_items`, levels in the order of the scales) or the filter
        form (a type, then one value per scale, "" for any). Only such addresses are
        kept in the page cache."""
        if self.ignored:
            return False
        # The form sends "" for "Everyone", as for "Any type".
        written_audiences = [[self.audience.slug]] if self.audience else [[], [""]]
        if AUDIENCE_PARAM in request.GET and request.GET.getlist(AUDIENCE_PARAM) not in written_audiences:
            return False
        written_types = [[self.entry_type]] if self.entry_type else [[], [""]]
        if request.GET.getlist(TYPE_PARAM) not in written_types:
            return False
        ratings = request.GET.getlist(RATING_PARAM)
        links = [level.filter_value for level in self.levels]
        one_per_scale = all(
            sum(level.criterion.slug == scale.slug for level in self.levels) <= 1 for scale in self.scales
        )
        form = [scale.chosen for scale in self.scales] if one_per_scale else None
        return ratings in (links, form)

    def query_items(self):
        """The type and rating filters as query parameters, for the pagination links
        (the audience's are `audience_items`)."""
        items = [(TYPE_PARAM, self.entry_type)] if self.entry_type else []
        return items + [(RATING_PARAM, level.filter_value) for level in self.levels]

    def audience_items(self):
        return [(AUDIENCE_PARAM, self.audience.slug)] if self.audience else []

    @property
    def chosen(self):
        """Every filter in use, the audience first, as the reader would name it."""
        named = (
            [gettext("Relevant for %(audience)s") % {"audience": self.audience.name_in(get_language())}]
            if self.audience
            else []
        )
        if self.entry_type:
            named.append(gettext("Type of entry: %(type)s") % {"type": self.entry_type_name})
        return named + [level_label(level) for level in self.levels]

    def clear_links(self, keep=()):
        """Each filter in use with the query string that drops it and keeps the rest
        and `keep` (e.g. the search words): [Chosen]."""
        items = self.audience_items() + self.query_items()
        return [
            Chosen(label, urlencode([*keep, *items[:i], *items[i + 1 :]]))
            for i, label in enumerate(self.chosen)
        ]

    def describe(self):
        """The filters in words: "Study review; Research timeline: In practice"."""
        parts = [self.entry_type_name] if self.entry_type else []
        return "; ".join(parts + [level_label(level) for level in self.levels])


def _clean(value):
    """A value as typed, cut short, with control characters (a NUL byte) removed."""
    return "".join(ch for ch in value[:MAX_VALUE_LENGTH] if ch.isprintable()).strip()
