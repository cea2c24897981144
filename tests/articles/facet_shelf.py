"""Five published articles across three audiences, four types, three research timelines
and four years, and a clock that says it is 15 June 2026 in the site's time zone: the
facet tests count against these (tests/articles/test_facets*.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import EntryType
from tests import factories

TODAY = datetime.date(2026, 6, 15)

BREAST, LUNG, CARERS = "people-with-breast-cancer", "people-with-lung-cancer", "caregivers"

# title, type, timeline, posted on, relevant for, also relevant for
ROWS = [
    ("Mouse study", EntryType.ARTICLE_REVIEW, "pre-clinical", datetime.date(2026, 3, 1), [BREAST], []),
    (
        "Approved drug",
        EntryType.ARTICLE_REVIEW,
        "in-practice",
        datetime.date(2025, 5, 1),
        [BREAST, CARERS],
        [],
    ),
    ("Lung screening", EntryType.STUDY_REVIEW, "in-practice", datetime.date(2026, 1, 10), [LUNG], [CARERS]),
    (
        "Trial overview",
        EntryType.TOPIC_OVERVIEW,
        "late-stage-trials",
        datetime.date(2023, 7, 7),
        [BREAST, LUNG],
        [],
    ),
    ("Old update", EntryType.UPDATE, "in-practice", datetime.date(2021, 2, 2), [CARERS], []),
]


@pytest.fixture
def today():
    """Today is TODAY in the site's time zone: the clock stands at its noon."""
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(noon, tick=False):
        yield TODAY


def small_article(title, entry_type, posted_on):
    article = factories.ArticleFactory(
        title=title, slug=title.lower().replace(" ", "-"), entry_type=entry_type, posted_on=posted_on
    )
    factories.SectionFactory(article=article, body=f"<p>{title} and what it means about metastasis.</p>")
    return article


@pytest.fixture
def shelf(publish, today):
    """The five articles, published; returns {slug: Audience}."""
    audiences = {
        slug: factories.AudienceFactory(name=slug.replace("-", " "), slug=slug)
        for slug in (BREAST, LUNG, CARERS)
    }
    for title, entry_type, timeline, posted_on, relevant, also in ROWS:
        article = small_article(title, entry_type, posted_on)
        article.relevant_for.add(*(audiences[slug] for slug in relevant))
        article.also_relevant_for.add(*(audiences[slug] for slug in also))
        factories.rate(article, "timeline", timeline)
        publish(article)
    return audiences


def counts(response, group):
    """{value: count} of one facet group of the page's filter form."""
    assert response.status_code == 200
    facets = response.context["facets"]
    if group == "scales":
        return {item.value: item.count for _, values in facets.scales for item in values}
    return {item.value: item.count for item in getattr(facets, group)}
