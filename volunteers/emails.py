"""The emails a volunteer gets, in the language of the form they filled in: the link to
preview the draft they were invited to review, or the link to set the password of
their new reviewer account. Each is rendered from templates/emails/volunteers/
(<name>_subject.txt and <name>.txt) with absolute links from SITE_URL, by the worker
(volunteers/tasks.py), never in a request."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from articles.workflow.previews import preview_token
from subscriptions.emails import header_text, language_header
from volunteers.models import VolunteerOffer
from xrays.dates import long_date


class NothingToSend(Exception):
    """The offer no longer has what its email would give (the link or the account was
    deleted since)."""


def absolute(path):
    return settings.SITE_URL + path


def render(name, context):
    """(subject, plain text) of templates/emails/volunteers/<name>_subject.txt and <name>.txt."""
    subject = render_to_string(f"emails/volunteers/{name}_subject.txt", context)
    text = render_to_string(f"emails/volunteers/{name}.txt", context)
    return header_text(subject), text


def message_for(offer: VolunteerOffer) -> EmailMessage:
    """The email of the step the editors took on `offer`, in the offer's language."""
    with translation.override(offer.language or settings.LANGUAGE_CODE):
        if offer.status == VolunteerOffer.Status.INVITED:
            name, context = invitation(offer)
        elif offer.status == VolunteerOffer.Status.ACCOUNT_CREATED:
            name, context = account(offer)
        else:
            raise NothingToSend(f"No email for an offer that is {offer.get_status_display().lower()}.")
        subject, text = render(name, {"offer": offer, **context})
        # Their answer reaches the editor who took the step.
        editor = offer.decided_by
        reply_to = [editor.email] if editor is not None and editor.email else None
        return EmailMessage(subject, text, to=[offer.email], reply_to=reply_to, headers=language_header())


def invitation(offer):
    link = offer.preview_link
    if link is None:
        raise NothingToSend("The preview link was deleted.")
    return "invitation", {
        "title": link.content.get("title") or link.article.title,
        "preview_url": absolute(reverse("articles:shared_preview", args=[preview_token(link)])),
        "expires_on": long_date(link.expires_at),
    }


def account(offer):
    user = offer.account
    if user is None:
        raise NothingToSend("The account was deleted.")
    set_password_path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return "account", {
        "username": user.get_username(),
        "set_password_url": absolute(set_password_path),
        "login_url": absolute(reverse("admin:login")),
        "days": max(settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60), 1),
    }
