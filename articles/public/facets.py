"""How many articles each filter value would give, shown beside it in the listings'
filter form ("Study review (4)"), so a reader sees before choosing which choices lead
somewhere.

Standard faceting: a value is counted with the other groups' choices applied. For the
groups a reader ticks several values of (audiences, types), the count of a value is the
number of results with that value added to those ticked (any), or of that combination
(all); for the groups the form offers as one choice (a rating scale's select, the date's
radio buttons and years), the number with that value chosen instead. A value that would
give nothing still shows, with "(0)".

Every count is one conditional aggregate (`COUNT(...) FILTER (WHERE ...)`) of a single
query over the page's articles, on SQLite and PostgreSQL alike: the page costs one query
for its counts however many audiences, levels and years there are, and that query also
gives the number of results, so the listing's paginator asks for no count of its own.
The home and audience pages keep the counts (`generations.cached`) under the real values
chosen, until a publication, an audience or a rating scale changes; a search's are
built each time, as the search is (no cache keeps what someone searched for).
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import translation
from django.utils.http import urlencode

from articles.models import EntryType, PublishedVersion
from articles.models.ratings import RATINGS
from articles.public.conditions import audiences_q, levels_q, types_q, years_q
from articles.public.filters import LAST_YEAR, PERIODS, THIS_YEAR
from articles.workflow.publication import PAGES_SCOPE
from audiences.models import AUDIENCES
from xrays import generations


@dataclass
class FacetValue:
    """One value the form offers, with how many articles it would give (None when the
    page shows no counts)."""

    value: str  # as the address writes it
    count: int | None = None
    chosen: bool = False
    item: object = None  # the Audience or RatingLevel, for its name
    label: str = ""  # for the values named here (types, periods, years)

    @property
    def empty(self):
        return self.count == 0


@dataclass
class Facets:
    total: int | None = None  # results with every choice applied
    audiences: list = field(default_factory=list)
    types: list = field(default_factory=list)
    scales: list = field(default_factory=list)  # [(Scale, [FacetValue])]
    periods: list = field(default_factory=list)
    years_from: list = field(default_factory=list)
    years_to: list = field(default_factory=list)

    @property
    def counted(self):
        return self.total is not None


class CountedPaginator(Paginator):
    """A Paginator told how many objects there are (the facet counts have the number)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def _offered_audiences(filters):
    """The form's audiences, then any chosen one no live article is relevant for."""
    offered = list(filters.choices.audiences)
    return offered + [item for item in filters.audiences if item not in offered]


def _conditions(filters):
    """[(name, Q)]: the results, then each value the form offers."""
    groups = filters.conditions()

    def others(group):
        condition = Q()
        for name, q in groups.items():
            if name != group:
                condition &= q
        return condition

    conditions = [("total", others(None))]
    if filters.offers_audience:
        chosen = [item.pk for item in filters.audiences]
        for item in _offered_audiences(filters):
            ids = list(dict.fromkeys([*chosen, item.pk]))
            conditions.append(
                (f"audience:{item.slug}", others("audience") & audiences_q(ids, filters.match_all))
            )
    for value in EntryType.values:
        types = [*filters.entry_types, value] if value not in filters.entry_types else filters.entry_types
        conditions.append((f"type:{value}", others("type") & types_q(types)))
    for level in filters.choices.levels:
        group = f"scale:{level.criterion.slug}"
        conditions.append((f"level:{level.filter_value}", others(group) & levels_q([level.pk])))
    for period in PERIODS:
        conditions.append((f"period:{period}", others("date") & years_q(*filters.date_bounds(period=period))))
    for year in filters.choices.years:
        conditions.append((f"from:{year}", others("date") & years_q(*filters.date_bounds(year_from=year))))
        conditions.append((f"to:{year}", others("date") & years_q(*filters.date_bounds(year_to=year))))
    return conditions


def count_values(versions, filters):
    """{value name: how many of `versions` it gives}, in one query."""
    conditions = _conditions(filters)
    aggregates = {
        f"c{i}": Count("pk", filter=condition) if condition else Count("pk")
        for i, (_, condition) in enumerate(conditions)
    }
    counted = PublishedVersion.objects.filter(pk__in=versions.order_by().values("pk")).aggregate(**aggregates)
    return {name: counted[f"c{i}"] for i, (name, _) in enumerate(conditions)}


def count_facets(versions, filters, keep_as=""):
    """The form's values with their counts over `versions` (the page's articles before
    any filter). `keep_as` names the page ("home", "audience:3") to keep the counts
    until the content changes; without it they are counted each time."""
    if not keep_as:
        return facets_of(filters, count_values(versions, filters))
    language = translation.get_language() or settings.LANGUAGE_CODE
    chosen = hashlib.sha256(urlencode(filters.all_items()).encode()).hexdigest()[:32]
    key = (
        f"listings:facets:{keep_as}:{language}:{filters.this_year}:{chosen}"
        f":{generations.current(AUDIENCES)}:{generations.current(RATINGS)}"
    )
    return facets_of(filters, generations.cached(PAGES_SCOPE, key, lambda: count_values(versions, filters)))


def facets_of(filters, counts=None):
    """The form's values, with `counts` (count_values) when given."""
    counts = counts or {}
    year_words = {THIS_YEAR: translation.gettext("This year"), LAST_YEAR: translation.gettext("Last year")}
    facets = Facets(total=counts.get("total"))
    if filters.offers_audience:
        facets.audiences = [
            FacetValue(item.slug, counts.get(f"audience:{item.slug}"), item in filters.audiences, item=item)
            for item in _offered_audiences(filters)
        ]
    facets.types = [
        FacetValue(value, counts.get(f"type:{value}"), value in filters.entry_types, label=label)
        for value, label in EntryType.choices
    ]
    facets.scales = [
        (
            scale,
            [
                FacetValue(
                    level.filter_value,
                    counts.get(f"level:{level.filter_value}"),
                    level in filters.levels,
                    item=level,
                )
                for level in scale.levels
            ],
        )
        for scale in filters.scales
    ]
    facets.periods = [
        FacetValue(period, counts.get(f"period:{period}"), period == filters.period, label=year_words[period])
        for period in PERIODS
    ]
    for name, chosen, values in (
        ("from", filters.year_from, facets.years_from),
        ("to", filters.year_to, facets.years_to),
    ):
        values.extend(
            FacetValue(str(year), counts.get(f"{name}:{year}"), year == chosen, label=str(year))
            for year in filters.choices.years
        )
    return facets
