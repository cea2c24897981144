"""One email sent on its own, to one reader about one thing (the answer to a story
suggestion, an invitation to review), as opposed to a notice's fan-out (sending.py).

The rule is the same for each, and lives here: the message goes out on a connection of
its own; while the server cannot be reached or answers "try later" (4xx), it is tried
again with sending.backoff's waits, up to a number of attempts; a refusal (5xx) is final,
with the server's answer for editors to see. The task that sends it records the outcome
on its own row and enqueues the next attempt."""

import datetime
import smtplib
from dataclasses import dataclass

from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from subscriptions import sending


@dataclass(frozen=True)
class Outcome:
    sent: bool = False
    # When to try again; None when sent, or when it failed for good.
    retry_at: datetime.datetime | None = None
    # The server's answer (or the connection's error), at most 500 characters.
    error: str = ""


def send_alone(message: EmailMessage, *, attempt: int, attempts: int) -> Outcome:
    """Send `message`, attempt number `attempt` (from 0) of at most `attempts`."""
    try:
        with mail.mailers.default as connection:
            connection.send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        text = sending.describe(error)[:500]
        if sending.is_permanent(error) or attempt + 1 >= attempts:
            return Outcome(error=text)
        return Outcome(error=text, retry_at=timezone.now() + sending.backoff(attempt + 1))
    return Outcome(sent=True)
