"""Whether update emails are going out, for a monitor: `/healthz/sending` (registered
in apps.py; xrays/health.py serves it). A worker that stopped, a lost task or a mail
server that takes nothing all look the same from here: deliveries stay due and
nothing is sent, which is what the check looks for."""

import datetime

from django.db.models import Max
from django.utils import timezone

from subscriptions.models import STALLED_AFTER, Delivery, Notice


def sending_health(detailed: bool = False, now: datetime.datetime | None = None) -> dict:
    """Says "stalled" when deliveries of notices not paused have been due for STALLED_AFTER
    and nothing was sent in that time, else "ok". One query on the index of due
    deliveries, and a second only when one is that late; `detailed` (staff) adds the
    numbers, at two queries more."""
    now = now or timezone.now()
    late = now - STALLED_AFTER
    paused = Notice.objects.filter(paused_at__isnull=False).values("pk")
    waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now).exclude(
        notice_id__in=paused
    )
    oldest = waiting.order_by("next_attempt_at", "pk").values_list("next_attempt_at", flat=True).first()
    stalled = (
        oldest is not None
        and oldest <= late
        and not Delivery.objects.filter(status=Delivery.Status.SENT, sent_at__gt=late).exists()
    )
    report: dict = {"status": "stalled" if stalled else "ok"}
    if detailed:
        last_sent = Delivery.objects.filter(status=Delivery.Status.SENT).aggregate(at=Max("sent_at"))["at"]
        report |= {
            "due": waiting.count(),
            "oldest_due_minutes": minutes_since(oldest, now),
            "last_sent_minutes": minutes_since(last_sent, now),
            "stalled_after_minutes": int(STALLED_AFTER.total_seconds() // 60),
        }
    return report


def minutes_since(moment: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return None if moment is None else int((now - moment).total_seconds() // 60)
