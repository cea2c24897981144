"""A clock the review-date tests move forward, days or years at a time: time-machine
moves the time every caller sees (timezone.now, localdate, auto_now, the worker's
thread and the SMTP server's alike), and it keeps ticking from where it was moved."""

import datetime

import pytest
import time_machine
from django.utils import timezone


class Clock:
    def __init__(self, traveller):
        self._traveller = traveller

    def now(self):
        return timezone.now()

    def move_to(self, day: datetime.date) -> None:
        """Move the clock so that the site's local date is `day` (same time of day)."""
        self.move(days=(day - timezone.localdate()).days)

    def move(self, **delta) -> None:
        self._traveller.shift(datetime.timedelta(**delta))


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield Clock(traveller)
