"""How XRAYS writes a date, in one place: "2 December 2026" on pages readers see,
"2 Dec 2026 14:05" in the admin's lists. Django's date formatting (not strftime)
names the months in the active language and writes times in the site's time zone.
Each language writes the long forms its own way ("2 de diciembre de 2026"): the
patterns are in the catalogue, under the context "date format", so a translator gives
each language's pattern (in Django's date format characters; a letter meant as a
letter is escaped with a backslash).

Templates use the same functions as filters: `{% load xrays_dates %}` then
`{{ version.published_at|long_date }}`."""

import datetime
import zoneinfo

from django.utils import dateformat, timezone
from django.utils.translation import pgettext

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


def long_date_pattern() -> str:
    # Translators: Django's date format characters, as in LONG_DATE; escape a letter
    # meant as a letter ("j \d\e F \d\e Y").
    return pgettext("date format", "j F Y")


def long_date_time_pattern() -> str:
    # Translators: Django's date format characters, as in LONG_DATE_TIME.
    return pgettext("date format", r"j F Y \a\t H:i")


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, long_date_pattern())


def long_date_time(value: datetime.datetime | None) -> str:
    return _format(value, long_date_time_pattern())


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    return _format(value, SHORT_DATE)


def short_date_time(value: datetime.datetime | None) -> str:
    return _format(value, SHORT_DATE_TIME)


def time_of_day(value: datetime.datetime | None) -> str:
    return _format(value, TIME)


def site_time_zone() -> str:
    """The site's time zone by its IANA name (settings.TIME_ZONE), e.g. "America/New_York"."""
    return str(timezone.get_default_timezone())


def time_in_zones(value: datetime.datetime | None, zone: str = "", *, short: bool = False) -> str:
    """A time as it was entered in `zone` (an IANA name; empty: the site's zone) and, when
    that differs, in the site's zone too, each zone named: "8 December 2026 at 09:00
    Europe/London (8 December 2026 at 04:00 America/New_York)". An editor in another zone
    sees both the time they meant and the one the site runs on."""
    if value is None:
        return ""
    pattern = SHORT_DATE_TIME if short else long_date_time_pattern()
    site = site_time_zone()
    in_site = f"{dateformat.format(timezone.localtime(value), pattern)} {site}"
    if not zone or zone == site:
        return in_site
    entered = timezone.localtime(value, zoneinfo.ZoneInfo(zone))
    return f"{dateformat.format(entered, pattern)} {zone} ({in_site})"
