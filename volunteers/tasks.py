"""Tasks for the worker (`manage.py db_worker`): the one email each editor's step on an
offer sends (volunteers/offers.py enqueues it once the step is committed)."""

from django.tasks import task
from django.utils import timezone

from subscriptions.one_message import send_alone
from volunteers import emails
from volunteers.models import VolunteerOffer

ATTEMPTS = 6


@task()
def send_offer_email(offer_id, attempt=0):
    """Email the volunteer what the editors' step gave them: the preview link of an
    invitation, or the set-your-password link of a new account. The outcome is recorded
    on the offer. While the mail server is unreachable or answers "try later" (4xx), it
    is retried with back-off; a refusal (5xx) is recorded as failed. Sent once: only the
    run that claims the queued email sends it."""
    # Claimed by one UPDATE before anything is sent: a task enqueued twice, or two
    # workers running it at once, send it once.
    claimed = VolunteerOffer.objects.filter(pk=offer_id, email_status=VolunteerOffer.Email.QUEUED)
    if not claimed.update(email_status=VolunteerOffer.Email.SENDING):
        offer = VolunteerOffer.objects.filter(pk=offer_id).first()
        return "gone" if offer is None else f"nothing to send ({offer.email_status or 'no email'})"
    offer = VolunteerOffer.objects.select_related("preview_link__article", "account", "decided_by").get(
        pk=offer_id
    )
    try:
        message = emails.message_for(offer)
    except emails.NothingToSend as error:
        record(offer_id, VolunteerOffer.Email.FAILED, str(error))
        return f"failed: {error}"
    outcome = send_alone(message, attempt=attempt, attempts=ATTEMPTS)
    if outcome.retry_at is not None:
        # Queued again; editors see why it has not gone yet.
        VolunteerOffer.objects.filter(pk=offer_id).update(
            email_status=VolunteerOffer.Email.QUEUED, email_error=outcome.error
        )
        send_offer_email.using(run_after=outcome.retry_at).enqueue(offer_id, attempt=attempt + 1)
        return "deferred"
    if not outcome.sent:
        record(offer_id, VolunteerOffer.Email.FAILED, outcome.error)
        return f"failed: {outcome.error}"
    record(offer_id, VolunteerOffer.Email.SENT, "")
    return "sent"


def record(offer_id, status, error):
    fields = {"email_status": status, "email_error": error[:500]}
    if status == VolunteerOffer.Email.SENT:
        fields["email_sent_at"] = timezone.now()
    VolunteerOffer.objects.filter(pk=offer_id).update(**fields)
