"""How XRAYS writes a date, in one place: "2 December 2026" on pages readers see,
"2 Dec 2026 14:05" in the admin's lists. Django's date formatting (not strftime)
names the months in the active language and writes times in the site's time zone.

Templates use the same functions as filters: `{% load xrays_dates %}` then
`{{ version.published_at|long_date }}`."""

import datetime

from django.utils import dateformat, timezone

LONG_DATE = "j F Y"  # 2 December 2026
LONG_DATE_TIME = r"j F Y \a\t H:i"  # 2 December 2026 at 14:05
SHORT_DATE = "j M Y"  # 2 Dec 2026
SHORT_DATE_TIME = "j M Y H:i"  # 2 Dec 2026 14:05
TIME = "H:i"  # 14:05


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _format(value, pattern: str) -> str:
    if value in (None, ""):
        return ""
    return dateformat.format(_local(value), pattern)


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, LONG_DATE)


def long_date_time(value: datetime.datetime | None) -> str:
    return _format(value, LONG_DATE_TIME)


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, SHORT_DATE)


def short_date_time(value: datetime.datetime | None) -> str:
    return _format(value, SHORT_DATE_TIME)


def time_of_day(value: datetime.datetime | None) -> str:
    return _format(value, TIME)
