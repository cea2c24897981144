"""The emails readers get: the confirmation of a follow, and a notice of a new or
updated article. Each has a plain-text part and an HTML part whose CSS is inlined
(css-inline), reads well without images, and links to the reader's manage page.
Notices also carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), so that mail
programs offer a one-click unsubscribe. A notice's message is generated once and filled
in for each reader (subscriptions/mime.py)."""

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from subscriptions import mime, tokens

# Stand-ins for each reader's own links: a notice is rendered once, and each reader's
# message is that text with their links put in.
MANAGE_URL = "https://xrays.invalid/manage-url"
UNSUBSCRIBE_URL = "https://xrays.invalid/unsubscribe-url"
LINK_STAND_INS = {MANAGE_URL: "manage", UNSUBSCRIBE_URL: "unsubscribe"}

_inliner = css_inline.CSSInliner(load_remote_stylesheets=False)


def absolute(path):
    return settings.SITE_URL + path


def manage_url(subscriber):
    return absolute(reverse("subscriptions:manage", args=[tokens.manage_token(subscriber)]))


def unsubscribe_url(subscriber):
    return absolute(reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]))


def render_pair(name, context):
    """(plain text, HTML with the CSS inlined) of templates/emails/subscriptions/<name>."""
    text = render_to_string(f"emails/subscriptions/{name}.txt", context)
    html = _inliner.inline(render_to_string(f"emails/subscriptions/{name}.html", context))
    return text, html


def confirmation_message(subscription):
    """Ask the address to confirm this follow, or, when it already follows this, say so.
    Sent whether or not the address was known; only its owner reads it."""
    subscriber = subscription.subscriber
    context = {
        "subscription": subscription,
        "what": subscription.describe(),
        "already": subscription.is_confirmed,
        "confirm_url": absolute(
            reverse("subscriptions:confirm", args=[tokens.confirmation_token(subscription)])
        ),
        "manage_url": manage_url(subscriber),
        "days": tokens.CONFIRMATION_MAX_AGE.days,
    }
    subject = (
        "You already follow this on XRAYS" if subscription.is_confirmed else "Please confirm: XRAYS updates"
    )
    text, html = render_pair("confirm", context)
    message = EmailMultiAlternatives(subject, text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


class NoticeEmail:
    """One notice's email, rendered once, made into each reader's message."""

    def __init__(self, notice):
        version = notice.version
        self.is_update = notice.kind == notice.Kind.UPDATE
        context = {
            "notice": notice,
            "version": version,
            "is_update": self.is_update,
            "article_url": absolute(version.get_absolute_url()),
            "manage_url": MANAGE_URL,
            "unsubscribe_url": UNSUBSCRIBE_URL,
        }
        self.subject = f"{'Updated' if self.is_update else 'New on XRAYS'}: {version.title}"
        self.text, self.html = render_pair("notice", context)
        self.template = None
        # The two addresses differ between readers by their token alone: reverse()
        # once for the notice rather than twice for every message.
        self.manage_address = token_address("subscriptions:manage")
        self.unsubscribe_address = token_address("subscriptions:unsubscribe")

    def links_for(self, subscriber):
        """The reader's own manage and unsubscribe addresses."""
        return {
            "manage": self.manage_address(tokens.manage_token(subscriber)),
            "unsubscribe": self.unsubscribe_address(tokens.unsubscribe_token(subscriber)),
        }

    def message_for(self, subscriber):
        """The reader's message as a Django EmailMessage (for mail backends other than
        SMTP, and addresses that `bytes_for` leaves to Django)."""
        links = self.links_for(subscriber)
        text, html = self.text, self.html
        for stand_in, name in LINK_STAND_INS.items():
            text, html = text.replace(stand_in, links[name]), html.replace(stand_in, links[name])
        return with_unsubscribe(self.subject, text, html, subscriber.email, links["unsubscribe"])

    def bytes_for(self, subscriber):
        """The same message as bytes for SMTP, filled into the notice's template; None
        when Django must build it (see subscriptions/mime.py)."""
        if self.template is None:
            holes = with_unsubscribe(
                self.subject,
                mime.TEXT.decode(),
                mime.HTML.decode(),
                mime.TO.decode(),
                mime.UNSUBSCRIBE.decode(),
                message_id=mime.MESSAGE_ID.decode(),
            )
            self.template = mime.MessageTemplate(holes, self.text, self.html, LINK_STAND_INS)
        return self.template.fill(subscriber.email, **self.links_for(subscriber))


def token_address(name):
    """A function giving the absolute address of URL `name` for a token: what
    absolute(reverse(name, args=[token])) gives, for signed tokens (letters, digits,
    "-", "_" and ":", which addresses carry as they are)."""
    marker = "token-marker"
    before, after = absolute(reverse(name, args=[marker])).split(marker)
    return lambda token: f"{before}{token}{after}"


def with_unsubscribe(subject, text, html, to, unsubscribe, message_id=None):
    """The message, with the headers that let mail programs unsubscribe in one click."""
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
