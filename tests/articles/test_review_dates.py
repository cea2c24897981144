"""When the Scientific Advisory Board reviews a published article again: the dates,
their month arithmetic, the database's agreement with it, and the interval editors set."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.review_dates import add_months, review_due_on
from tests import factories
from tests.articles import review_clock

pytestmark = pytest.mark.django_db

clock = review_clock.clock

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2024, 2, 29), 24, D(2026, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 8, 31), 120, D(2036, 8, 31)),
        (D(9999, 6, 1), 120, D.max),
    ],
)
def test_months_are_added_as_people_count_them_and_never_overflow(day, months, due):
    assert add_months(day, months) == due


def _published_on(publish, reviewed_on, interval=None, **kwargs):
    article = factories.full_article(**kwargs)
    publish(article)
    Article.objects.filter(pk=article.pk).update(reviewed_on=reviewed_on, review_interval_months=interval)
    article.refresh_from_db()
    return article


@pytest.mark.parametrize(
    ("reviewed_on", "interval"),
    [
        (D(2026, 1, 31), 1),
        (D(2028, 1, 31), 1),
        (D(2026, 3, 31), 1),
        (D(2024, 2, 29), 24),
        (D(2024, 2, 29), None),
        (D(2026, 12, 31), 2),
        (D(2026, 5, 15), 120),
    ],
)
def test_the_database_finds_the_same_due_date_as_the_page_shows(publish, reviewed_on, interval):
    article = _published_on(publish, reviewed_on, interval)
    due = Article.objects.with_review_due_on().get(pk=article.pk).review_due_on
    assert due == article.next_review_due == review_due_on(reviewed_on, interval)


def test_an_editor_sees_which_published_articles_are_overdue_or_due_soon(publish, settings):
    settings.XRAYS_REVIEW_INTERVAL_MONTHS = 24
    today = D(2027, 6, 10)
    overdue = _published_on(publish, D(2025, 6, 10))  # due today
    soon = _published_on(publish, D(2025, 7, 10))  # due in 30 days
    later = _published_on(publish, D(2025, 7, 11))  # due in 31 days
    own_interval = _published_on(publish, D(2027, 1, 10), interval=3)  # due 2027-04-10
    draft = factories.full_article()
    assert set(Article.objects.review_overdue(today)) == {overdue, own_interval}
    assert set(Article.objects.review_due_soon(today)) == {soon}
    assert set(Article.objects.review_due_soon(today, within=31)) == {soon, later}
    assert draft not in Article.objects.review_overdue(D(9999, 12, 31))


@pytest.mark.parametrize("months", [0, 121, 10_000])
def test_an_editor_cannot_set_an_absurd_review_interval(months):
    article = factories.ArticleFactory(review_interval_months=months)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "review_interval_months" in refused.value.message_dict


def test_publishing_records_the_day_the_board_approved_what_readers_see(clock, editor, approve):
    article = factories.full_article()
    approve(article)
    approved_on = timezone.localdate()
    clock.move(days=5)
    from articles import workflow

    workflow.publish(article, by=editor)
    assert article.reviewed_on == approved_on
    article.refresh_from_db()
    assert article.reviewed_on == approved_on


@pytest.mark.parametrize(("setting", "used"), [(0, 1), (-5, 1), (24, 24), (10_000, 120)])
def test_an_absurd_site_interval_is_kept_within_what_editors_may_set(settings, setting, used):
    settings.XRAYS_REVIEW_INTERVAL_MONTHS = setting
    assert review_due_on(D(2026, 1, 15), None) == add_months(D(2026, 1, 15), used)
