"""The one email a reader who left an address gets about their suggestion: that it was
accepted for review, or declined (with the editors' note, if any). Written in the
language of the page they sent it from, with a plain-text and an HTML part (its CSS
inlined), and List-Unsubscribe headers whose one-click link erases the address from
every suggestion that reader sent (subscriptions.emails.with_unsubscribe, RFC 8058).
Rendered by the worker (suggestions/tasks.py), never in a request."""

import css_inline
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from subscriptions.emails import absolute, with_unsubscribe
from suggestions import tokens
from suggestions.models import Suggestion

_inliner = css_inline.CSSInliner(load_remote_stylesheets=False)


def unsubscribe_url(suggestion: Suggestion) -> str:
    return absolute(reverse("suggestions:unsubscribe", args=[tokens.unsubscribe_token(suggestion)]))


def decision_message(suggestion: Suggestion) -> EmailMultiAlternatives:
    """The email about the editors' decision on `suggestion`, to its reader's address."""
    with translation.override(suggestion.language):
        accepted = suggestion.status == Suggestion.Status.ACCEPTED
        context = {
            "suggestion": suggestion,
            "accepted": accepted,
            "note": suggestion.note_to_reader if not accepted else "",
            "unsubscribe_url": unsubscribe_url(suggestion),
            "home_url": absolute(reverse("articles:home")),
        }
        subject = (
            _("Your news story suggestion: we will review it")
            if accepted
            else _("Your news story suggestion to XRAYS")
        )
        text = render_to_string("emails/suggestions/decision.txt", context)
        html = _inliner.inline(render_to_string("emails/suggestions/decision.html", context))
        return with_unsubscribe(subject, text, html, suggestion.email, context["unsubscribe_url"])
