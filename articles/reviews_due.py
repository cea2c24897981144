"""The published articles whose review by the Scientific Advisory Board is overdue or
due soon, as the review queue and the editors' weekly reminder list them: one query
each, whatever the number of articles (the due date is computed by the database,
articles.review_dates)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from articles import review_dates
from articles.models import Article


@dataclass(frozen=True)
class DueReviews:
    today: datetime.date
    within_days: int
    overdue: list[Article]
    due_soon: list[Article]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def due_reviews(today: datetime.date | None = None) -> DueReviews:
    """Overdue reviews (longest overdue first) and those due within
    XRAYS_REVIEW_DUE_SOON_DAYS (soonest first), each article annotated with
    `review_due_on` and given `days_overdue` (0 when not yet due)."""
    today = today or timezone.localdate()
    within = review_dates.due_soon_days()
    overdue = list(Article.objects.review_overdue(today).order_by("review_due_on", "pk"))
    due_soon = list(Article.objects.review_due_soon(today, within=within).order_by("review_due_on", "pk"))
    for article in overdue + due_soon:
        article.days_overdue = max(0, (today - article.review_due_on).days)
        article.days_left = max(0, (article.review_due_on - today).days)
    return DueReviews(today, within, overdue, due_soon)
