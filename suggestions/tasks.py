"""The worker's task for suggestions: the one email about a decision."""

import logging

from django.tasks import task
from django.utils import timezone

from subscriptions.one_message import send_alone
from suggestions.emails import decision_message
from suggestions.models import Suggestion

logger = logging.getLogger(__name__)

ATTEMPTS = 6


@task()
def send_decision_email(suggestion_id, attempt=0):
    """Email the reader the decision on their suggestion, once. The suggestion is
    claimed (due → sending) by one UPDATE before anything is sent, so a second run of
    this task, a retry racing another worker, or a task enqueued twice sends nothing.
    Retried with back-off while the mail server cannot be reached; a permanent refusal
    is recorded for the editors to see."""
    claimed = Suggestion.objects.filter(pk=suggestion_id, email_status=Suggestion.EmailStatus.DUE).exclude(
        email=""
    )
    if not claimed.update(email_status=Suggestion.EmailStatus.SENDING):
        return "nothing to send"
    suggestion = Suggestion.objects.get(pk=suggestion_id)
    done = Suggestion.objects.filter(pk=suggestion_id)
    try:
        message = decision_message(suggestion)
    except Exception as error:  # a message that cannot be made (a template, a header)
        logger.exception("The email about suggestion %s cannot be made", suggestion_id)
        done.update(email_status=Suggestion.EmailStatus.FAILED, email_error=f"Not made: {error}"[:500])
        return "failed: the message could not be made"
    outcome = send_alone(message, attempt=attempt, attempts=ATTEMPTS)
    if outcome.retry_at is not None:
        done.update(
            email_status=Suggestion.EmailStatus.DUE, email_error=f"Will try again: {outcome.error}"[:500]
        )
        send_decision_email.using(run_after=outcome.retry_at).enqueue(suggestion_id, attempt=attempt + 1)
        return "deferred"
    if not outcome.sent:
        done.update(email_status=Suggestion.EmailStatus.FAILED, email_error=outcome.error)
        return f"failed: {outcome.error}"
    done.update(email_status=Suggestion.EmailStatus.SENT, email_sent_at=timezone.now(), email_error="")
    return "sent"
