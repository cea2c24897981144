"""Readers' filters on the listings (home, audience pages, search): audiences (home and
search; an audience page has its own), types of entry, rating levels and the date
published, e.g. `?audience=people-with-breast-cancer&audience=caregivers&audiences=all
&type=study_review&rating=timeline:in-practice&published=this-year&from=2024&to=2026`.

Several audiences mean any of them unless `audiences=all`; several types mean any of
them; several levels of one scale mean any of them, levels of different scales must
all hold; "this year" and "last year" are read in the site's time zone on the day the
page is built, and the years from and to bound the same date; everything combines with
the page's audience and search words. A value the site does not know (a level since
renamed, a year with no article, a range the wrong way round, junk) is left out and the
reader told so: never an error page.

Listings are cached whole: the views name AUDIENCE_QUERY and FILTER_QUERY among the
query parameters of their cache key (xrays/page_cache.py), and keep a page only when
its filters are written as the site's own form and links write them
(`as_the_site_writes`): made-up values, or known ones repeated or reordered, would each
make a copy of a page. The facet counts beside each value are articles/public/facets.py.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

from articles.models import EntryType
from articles.public.choices import ListingChoices, listing_choices
from articles.public.conditions import audiences_q, levels_q, types_q, years_q
from audiences.models import Audience

AUDIENCE_PARAM = "audience"
MATCH_PARAM = "audiences"  # "any" (the default) or "all" of the audiences chosen
TYPE_PARAM = "type"
RATING_PARAM = "rating"
PERIOD_PARAM = "published"
FROM_PARAM = "from"
TO_PARAM = "to"
AUDIENCE_QUERY = (AUDIENCE_PARAM, MATCH_PARAM)
FILTER_QUERY = (TYPE_PARAM, RATING_PARAM, PERIOD_PARAM, FROM_PARAM, TO_PARAM)
MATCH_ANY, MATCH_ALL = "any", "all"
THIS_YEAR, LAST_YEAR = "this-year", "last-year"
PERIODS = (THIS_YEAR, LAST_YEAR)
# More values than any form sends (one per audience the site has): the rest are not
# even looked at.
MAX_VALUES = 60
MAX_VALUE_LENGTH = 130


@dataclass
class Scale:
    """A rating scale as the filter form offers it."""

    name: str
    slug: str
    levels: list  # of RatingLevel
    chosen: str = ""  # the filter value chosen on this scale, if any
    name_es: str = ""  # its Spanish name, if written (articles/templatetags/rating_names.py)


def level_label(level):
    """A chosen level as the reader's language names it: "Research timeline: In practice"."""
    language = get_language()
    return f"{level.criterion.name_in(language)}: {level.name_in(language)}"


def listing_year():
    """The year "this year" means: today's, in the site's time zone."""
    return timezone.localdate().year


@dataclass
class Chosen:
    """One filter in use, in words, and the address of the page without it."""

    label: str
    without: str  # a query string


@dataclass
class ListingFilters:
    choices: ListingChoices
    offers_audience: bool = False  # the page offers the audience choice (home, search)
    audiences: list = field(default_factory=list)  # the Audiences chosen, in the form's order
    match_all: bool = False
    entry_types: list = field(default_factory=list)  # chosen, in EntryType's order
    levels: list = field(default_factory=list)  # the RatingLevels chosen
    period: str = ""  # THIS_YEAR, LAST_YEAR or ""
    year_from: int | None = None
    year_to: int | None = None
    this_year: int = 0
    ignored: list = field(default_factory=list)  # values left out, as the reader typed them
    scales: list = field(default_factory=list)  # for the form
    keep: list = field(default_factory=list)  # other query items links keep (the search words)

    @classmethod
    def from_request(cls, request, audience=False, keep=()):
        """The filters in `request.GET`. The choices (scales, audiences, years) are
        cached (articles/public/choices.py); an audience chosen that no live article is
        relevant for costs one query."""
        choices = listing_choices()
        filters = cls(choices, offers_audience=audience, this_year=listing_year(), keep=list(keep))
        if audience:
            filters._read_audiences(request.GET)
        filters._read_types(request.GET)
        filters._read_levels(request.GET)
        filters._read_dates(request.GET)
        return filters

    def _read_audiences(self, query):
        slugs = _values(query, AUDIENCE_PARAM)
        offered = {item.slug: item for item in self.choices.audiences}
        others = [slug for slug in slugs if slug not in offered]
        found = {item.slug: item for item in Audience.objects.filter(slug__in=others)} if others else {}
        for slug in slugs:
            item = offered.get(slug) or found.get(slug)
            if item is None:
                self.ignored.append(slug)
            elif item not in self.audiences:
                self.audiences.append(item)
        order = [item.slug for item in self.choices.audiences]
        self.audiences.sort(
            key=lambda item: (order.index(item.slug) if item.slug in order else len(order), item.name)
        )
        match = _clean(query.get(MATCH_PARAM, ""))
        if match == MATCH_ALL:
            self.match_all = True
        elif match not in ("", MATCH_ANY):
            self.ignored.append(match)

    def _read_types(self, query):
        for value in _values(query, TYPE_PARAM):
            if value not in EntryType.values:
                self.ignored.append(value)
            elif value not in self.entry_types:
                self.entry_types.append(value)
        self.entry_types.sort(key=EntryType.values.index)

    def _read_levels(self, query):
        by_value = {}
        for level in self.choices.levels:
            if not self.scales or self.scales[-1].slug != level.criterion.slug:
                criterion = level.criterion
                self.scales.append(Scale(criterion.name, criterion.slug, [], name_es=criterion.name_es))
            self.scales[-1].levels.append(level)
            by_value[level.filter_value] = level
        for value in _values(query, RATING_PARAM):
            level = by_value.get(value)
            if level is None:
                self.ignored.append(value)
            elif level not in self.levels:
                self.levels.append(level)
        # In the order of the scales, as the form lists them: the links write them so.
        order = list(by_value.values())
        self.levels.sort(key=order.index)
        for scale in self.scales:
            chosen = [level for level in self.levels if level.criterion.slug == scale.slug]
            scale.chosen = chosen[0].filter_value if len(chosen) == 1 else ""

    def _read_dates(self, query):
        period = _clean(query.get(PERIOD_PARAM, ""))
        if period in PERIODS:
            self.period = period
        elif period:
            self.ignored.append(period)
        years = []
        for name in (FROM_PARAM, TO_PARAM):
            value = _clean(query.get(name, ""))
            year = int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else None
            if value and year not in self.choices.years:
                self.ignored.append(value)
                year = None
            years.append(year)
        if None not in years and years[0] > years[1]:
            self.ignored.append(f"{years[0]}–{years[1]}")
            years = [None, None]
        self.year_from, self.year_to = years

    # What is chosen, as conditions.
    def period_years(self, period=None):
        """The first and last year `period` (the one chosen by default) means."""
        period = self.period if period is None else period
        year = {THIS_YEAR: self.this_year, LAST_YEAR: self.this_year - 1}.get(period)
        return year, year

    def date_bounds(self, period=None, year_from=None, year_to=None):
        """(first year, last year) of the period and the range together, either None
        when unbounded; the arguments stand in for what is chosen."""
        first, last = self.period_years(period)
        year_from = self.year_from if year_from is None else year_from
        year_to = self.year_to if year_to is None else year_to
        if year_from is not None:
            first = year_from if first is None else max(first, year_from)
        if year_to is not None:
            last = year_to if last is None else min(last, year_to)
        return first, last

    def conditions(self):
        """{facet group: its Q} for each group in use: "audience", "type", "date" and
        one per rating scale ("scale:<slug>")."""
        groups = {}
        if self.audiences:
            groups["audience"] = audiences_q([item.pk for item in self.audiences], self.match_all)
        if self.entry_types:
            groups["type"] = types_q(self.entry_types)
        for level in self.levels:
            groups.setdefault(f"scale:{level.criterion.slug}", []).append(level.pk)
        for name in [name for name in groups if name.startswith("scale:")]:
            groups[name] = levels_q(groups[name])
        if self.period or self.year_from is not None or self.year_to is not None:
            groups["date"] = years_q(*self.date_bounds())
        return groups

    def apply(self, versions):
        """`versions` (PublishedVersions) narrowed to those these filters let through."""
        conditions = self.conditions()
        return versions.filter(*conditions.values()) if conditions else versions

    @property
    def active(self):
        """Whether anything narrows the listing besides the page's own audience (the
        home page names one audience chosen in its heading instead)."""
        return bool(
            self.entry_types
            or self.levels
            or self.period
            or self.year_from is not None
            or self.year_to is not None
            or len(self.audiences) > 1
        )

    @property
    def audience(self):
        """The audience chosen, when exactly one is."""
        return self.audiences[0] if len(self.audiences) == 1 else None

    @property
    def active_count(self):
        """How many values are in use, as the filter box's summary counts them."""
        return len(self.clear_links())

    @property
    def entry_type_name(self):
        """The types chosen, named in the active language: "Study review or Update"."""
        return gettext(" or ").join(str(EntryType(value).label) for value in self.entry_types)

    @property
    def ignored_in_quotes(self):
        """The values left out, each in quotes, as the notice names them: “a”, “b”."""
        return ", ".join(f"“{value}”" for value in self.ignored)

    def as_the_site_writes(self, request):
        """Whether `request.GET` holds these filters exactly as the site writes them: the
        listing links (`query_items`: values in the form's order, a default left out) or
        the filter form (every field, "" for any). Only such addresses are kept in the
        page cache."""
        if self.ignored:
            return False
        query = request.GET
        slugs = [item.slug for item in self.audiences]
        if query.getlist(AUDIENCE_PARAM) not in ([slugs] if slugs else [[], [""]]):
            return False
        if query.getlist(MATCH_PARAM) not in ([[MATCH_ALL]] if self.match_all else [[], [MATCH_ANY]]):
            return False
        if query.getlist(TYPE_PARAM) not in ([self.entry_types] if self.entry_types else [[], [""]]):
            return False
        for name, value in (
            (PERIOD_PARAM, self.period),
            (FROM_PARAM, self.year_from),
            (TO_PARAM, self.year_to),
        ):
            if query.getlist(name) not in ([[str(value)]] if value else [[], [""]]):
                return False
        ratings = query.getlist(RATING_PARAM)
        links = [level.filter_value for level in self.levels]
        one_per_scale = all(
            sum(level.criterion.slug == scale.slug for level in self.levels) <= 1 for scale in self.scales
        )
        form = [scale.chosen for scale in self.scales] if one_per_scale else None
        return ratings in (links, form)

    def audience_items(self):
        items = [(AUDIENCE_PARAM, item.slug) for item in self.audiences]
        return items + ([(MATCH_PARAM, MATCH_ALL)] if self.match_all and items else [])

    def query_items(self):
        """The other filters as query parameters, in the order the form writes them, for
        the pagination links (the audiences' are `audience_items`)."""
        items = [(TYPE_PARAM, value) for value in self.entry_types]
        items += [(RATING_PARAM, level.filter_value) for level in self.levels]
        items += [(PERIOD_PARAM, self.period)] if self.period else []
        items += [(FROM_PARAM, str(self.year_from))] if self.year_from is not None else []
        return items + ([(TO_PARAM, str(self.year_to))] if self.year_to is not None else [])

    def all_items(self):
        return self.audience_items() + self.query_items()

    def _labelled_items(self):
        """[(label, the query items it stands for)], one for each value in use."""
        language = get_language()
        labelled = [
            (
                gettext("Relevant for %(audience)s") % {"audience": item.name_in(language)},
                [(AUDIENCE_PARAM, item.slug)],
            )
            for item in self.audiences
        ]
        labelled += [
            (gettext("Type of entry: %(type)s") % {"type": EntryType(value).label}, [(TYPE_PARAM, value)])
            for value in self.entry_types
        ]
        labelled += [(level_label(level), [(RATING_PARAM, level.filter_value)]) for level in self.levels]
        if self.period:
            words = (
                gettext("Published this year") if self.period == THIS_YEAR else gettext("Published last year")
            )
            labelled.append((words, [(PERIOD_PARAM, self.period)]))
        if self.year_from is not None:
            words = gettext("Published from %(year)s") % {"year": self.year_from}
            labelled.append((words, [(FROM_PARAM, str(self.year_from))]))
        if self.year_to is not None:
            words = gettext("Published until %(year)s") % {"year": self.year_to}
            labelled.append((words, [(TO_PARAM, str(self.year_to))]))
        return labelled

    @property
    def chosen(self):
        """Every filter in use, the audiences first, as the reader would name it."""
        named = []
        if len(self.audiences) > 1:
            names = ", ".join(item.name_in(get_language()) for item in self.audiences)
            if self.match_all:
                named.append(gettext("Relevant for all of: %(audiences)s") % {"audiences": names})
            else:
                named.append(gettext("Relevant for any of: %(audiences)s") % {"audiences": names})
            labelled = self._labelled_items()[len(self.audiences) :]
        else:
            labelled = self._labelled_items()
        if len(self.entry_types) > 1:
            named.append(gettext("Type of entry: %(type)s") % {"type": self.entry_type_name})
            labelled = labelled[len(self.entry_types) :]
        return named + [label for label, _ in labelled]

    def clear_links(self, keep=None):
        """Each value in use with the query string that drops it and keeps the rest
        and `keep` (by default the items the page keeps, e.g. the search words): [Chosen]."""
        keep = self.keep if keep is None else list(keep)
        every = self.all_items()
        links = []
        for label, items in self._labelled_items():
            rest = [item for item in every if item not in items]
            if not any(name == AUDIENCE_PARAM for name, _ in rest):
                rest = [item for item in rest if item[0] != MATCH_PARAM]
            links.append(Chosen(label, urlencode([*keep, *rest])))
        return links

    def describe(self):
        """The filters other than one audience in words: "Study review; Research
        timeline: In practice" (the home page names one audience in its heading)."""
        named = self.chosen
        if len(self.audiences) == 1:
            named = named[1:]
        if self.entry_types:
            # The types by their names alone, where the chosen list says "Type of entry: …".
            position = 1 if len(self.audiences) > 1 else 0
            named[position] = self.entry_type_name
        return "; ".join(named)


def _values(query, name):
    """The values of `name` as typed, cleaned, the empty ones left out, at most MAX_VALUES looked at."""
    return [value for value in map(_clean, query.getlist(name)[:MAX_VALUES]) if value]


def _clean(value):
    """A value as typed, cut short, with control characters (a NUL byte) removed."""
    return "".join(ch for ch in value[:MAX_VALUE_LENGTH] if ch.isprintable()).strip()
