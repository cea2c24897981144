"""What the listings' filter form offers (the audiences some live article is relevant
for, the years readers' articles were posted in, the rating scales and their levels),
read once and cached until a publication, an audience or a rating scale changes: every
listing page reads them, and a page built again (another page number, a new cache
generation elsewhere) then costs no query for them."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from articles.models import PublishedVersion, RatingLevel
from articles.models.ratings import RATINGS
from articles.workflow.publication import PAGES_SCOPE
from audiences.models import AUDIENCES, Audience
from xrays import generations


@dataclass(frozen=True)
class ListingChoices:
    audiences: list  # Audiences, by name
    years: list  # ints, the newest first
    levels: list  # RatingLevels (with their criterion), scale by scale, lowest first


def listing_choices(language=None):
    """The form's choices for readers of `language` (the active one by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    key = f"listings:choices:{language}:{generations.current(AUDIENCES)}:{generations.current(RATINGS)}"
    return generations.cached(PAGES_SCOPE, key, lambda: _read_choices(language))


def audience_choices():
    """The audiences the filter form offers: those some live article is relevant for."""
    return Audience.objects.filter(
        Q(versions_relevant__live_for__isnull=False) | Q(versions_also_relevant__live_for__isnull=False)
    ).distinct()


def _read_choices(language):
    audiences = audience_choices()
    offered = PublishedVersion.objects.live().for_readers_of(language)
    years = [day.year for day in offered.dates("posted_on", "year", order="DESC")]
    levels = RatingLevel.objects.select_related("criterion").order_by(
        "criterion__order", "criterion_id", "order", "pk"
    )
    return ListingChoices(list(audiences), years, list(levels))
