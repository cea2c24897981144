"""The listings' filters as conditions on PublishedVersion, one function for each kind
of facet: the filters apply them (articles/public/filters.py), and the facet counts
combine them in conditional aggregates (articles/public/facets.py), so a listing and
its counts can never disagree. Each is a Q of subqueries rather than joins: a version
relevant for two chosen audiences, or rated at two chosen levels, is listed and counted
once, and a condition can sit inside an aggregate's FILTER clause."""

from datetime import date

from django.db.models import Q

from articles.models import PublishedVersion


def audiences_q(audience_ids, match_all=False):
    """Versions relevant (or also relevant) for any, or all, of `audience_ids`."""
    relevant = PublishedVersion.relevant_for.through.objects
    also = PublishedVersion.also_relevant_for.through.objects

    def for_any(ids):
        return Q(pk__in=relevant.filter(audience_id__in=ids).values("publishedversion_id")) | Q(
            pk__in=also.filter(audience_id__in=ids).values("publishedversion_id")
        )

    if not match_all:
        return for_any(list(audience_ids))
    condition = Q()
    for audience_id in audience_ids:
        condition &= for_any([audience_id])
    return condition


def types_q(entry_types):
    return Q(entry_type__in=list(entry_types))


def levels_q(level_ids):
    """Versions rated at any of `level_ids` (levels of one scale)."""
    rated = PublishedVersion.rating_levels.through.objects
    return Q(pk__in=rated.filter(ratinglevel_id__in=list(level_ids)).values("publishedversion_id"))


def years_q(first, last):
    """Versions posted from the year `first` to the year `last` (None: no bound)."""
    condition = Q()
    if first is not None:
        condition &= Q(posted_on__gte=date(first, 1, 1))
    if last is not None:
        condition &= Q(posted_on__lte=date(last, 12, 31))
    return condition
