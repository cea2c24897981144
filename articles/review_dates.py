"""When the Scientific Advisory Board checks a published article again.

An article is confirmed on `reviewed_on` (by its publication or a re-confirmation) and
is due again `review_interval_months` later, or after the site's XRAYS_REVIEW_INTERVAL_MONTHS
when the editors left the interval empty. Months are added as people count them: a
month after 31 January is the last day of February. The same rule is written twice,
once for one article in Python (`add_months`) and once for the database (`ReviewDueOn`),
so that the review queue and the reminders can pick due articles in one query; the tests
check that the two agree at month ends."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

MIN_INTERVAL_MONTHS = 1
MAX_INTERVAL_MONTHS = 120


def default_interval_months() -> int:
    """The site's interval, kept within what editors may set for one article."""
    return max(MIN_INTERVAL_MONTHS, min(MAX_INTERVAL_MONTHS, settings.XRAYS_REVIEW_INTERVAL_MONTHS))


def due_soon_days() -> int:
    return max(0, min(366, settings.XRAYS_REVIEW_DUE_SOON_DAYS))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` calendar months on, kept within the shorter month
    (31 January + 1 month = 28 or 29 February); the last representable date when
    that would be past year 9999."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def review_due_on(reviewed_on: datetime.date | None, interval_months: int | None) -> datetime.date | None:
    """The day a review confirmed on `reviewed_on` is due again; None when never confirmed."""
    if reviewed_on is None:
        return None
    return add_months(reviewed_on, interval_months or default_interval_months())


class AddMonths(models.Func):
    """A date plus a number of months, clamped to the end of a shorter month like
    `add_months`. PostgreSQL's date + interval already clamps; SQLite's date() rolls
    over into the next month (31 January + 1 month = 3 March), so there it is the
    earlier of that day and the last day of the target month."""

    output_field = models.DateField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra_context):
        (day_sql, day_params), (months_sql, months_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"(({day_sql}) + make_interval(months => ({months_sql})::integer))::date"
        return sql, (*day_params, *months_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        (day_sql, day_params), (months_sql, months_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        # The day of the month moved on (may roll over), and the target month's last day.
        rolled = (
            f"date({day_sql}, 'start of month', '+' || ({months_sql}) || ' months', "
            f"'+' || (CAST(substr({day_sql}, 9, 2) AS INTEGER) - 1) || ' days')"
        )
        last_day = f"date({day_sql}, 'start of month', '+' || (({months_sql}) + 1) || ' months', '-1 day')"
        params = (*day_params, *months_params, *day_params, *day_params, *months_params)
        return f"min({rolled}, {last_day})", params


def due_on_expression() -> models.Expression:
    """The review due date of each article, for annotating a queryset of articles."""
    interval = Coalesce(
        "review_interval_months",
        models.Value(default_interval_months()),
        output_field=models.PositiveSmallIntegerField(),
    )
    return AddMonths("reviewed_on", interval)


@dataclass(frozen=True)
class PageReviewDates:
    """What an article's page says about its review: when the Scientific Advisory Board
    last confirmed it, when it is due again, whether that day has come, and the interval."""

    reviewed_on: datetime.date
    due_on: datetime.date
    overdue: bool
    interval_months: int


def page_review_dates(version, today: datetime.date) -> PageReviewDates | None:
    """The review dates a live version's page shows, or None before the first review
    date. A translation shows its English source's: the science reviewed is the
    English article's. `version` comes from articles.page.live_version, which reads the
    article and its source's dates in the query that finds the version."""
    article = version.article
    if article.translation_of_id is None:
        reviewed_on, interval = article.reviewed_on, article.review_interval_months
    else:
        reviewed_on = getattr(version, "source_reviewed_on", None)
        interval = getattr(version, "source_review_interval_months", None)
    if reviewed_on is None:
        return None
    months = interval or default_interval_months()
    due_on = add_months(reviewed_on, months)
    return PageReviewDates(reviewed_on, due_on, due_on <= today, months)
