"""The emails readers get: the confirmation of a follow, and a notice of a new or
updated article. Each has a plain-text part and an HTML part whose CSS is inlined
(css-inline), reads well without images, and links to the reader's manage page.
Notices also carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), so that mail
programs offer a one-click unsubscribe. A notice's message is generated once and filled
in for each reader (subscriptions/mime.py): their links, and why they get it, from the
follow their delivery matched (one of the notice's few reasons, read with the claim).

Each email is in its reader's language (Subscriber.language; a confirmation in the
language of the page the follow was asked from): rendered under
`translation.override`, so its words, its links (reverse() gives /es/… addresses) and
its dates are that language's, and it says so in a Content-Language header. The worker
renders every email, never a request: the language travels with the delivery (its
subscriber) or the follow. A notice is rendered once per language its readers have.

Headers are where text written in the admin could break a message: a title holding a
line break (U+2028, U+0085, "\r\n" …) is refused by Python's email policy, and the
message could never be made. Every text that goes into a header passes through
`header_text` as the message is built. The List-Unsubscribe link is written on one line
as it is (`unfolded_header`): folded, Python would turn the long link into RFC 2047
encoded-words, which mail programs do not read as a link."""

import unicodedata
from email.headerregistry import HeaderRegistry, UnstructuredHeader

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from subscriptions import mime, tokens

# Stand-ins for each reader's own links: a notice is rendered once, and each reader's
# message is that text with their links put in.
MANAGE_URL = "https://xrays.invalid/manage-url"
UNSUBSCRIBE_URL = "https://xrays.invalid/unsubscribe-url"
LINK_STAND_INS = {MANAGE_URL: "manage", UNSUBSCRIBE_URL: "unsubscribe"}
# And for the reason the reader gets it: one of the few a notice has (`NoticeEmail.reasons`).
REASON = "xrays-reason-stand-in"
WORD_STAND_INS = {REASON: "reason"}

# Why a reader gets an email: the closest follow that brought it (an article is closer
# than an audience, an audience than the whole site). In the active language: each is
# called while the reader's email is rendered.


def because_article():
    return _("because you follow this article")


def because_site():
    return _("because you follow all new XRAYS articles")


def because_audiences(names):
    return _("because you follow new articles for %(audiences)s") % {
        "audiences": get_text_list(list(names), _("and"))
    }


_inliner = css_inline.CSSInliner(load_remote_stylesheets=False)


# Line breaks (Zl, Zp) and control characters (Cc: CR, LF, NEL, tab …).
HEADER_BREAKING = {"Cc", "Zl", "Zp"}
# RFC 5322's limit of a line, less the CRLF that ends it.
MAX_LINE = 998


def header_text(text):
    """`text` fit for a header on one line: line breaks and control characters become
    spaces, runs of spaces one space."""
    spaced = "".join(" " if unicodedata.category(c) in HEADER_BREAKING else c for c in str(text))
    return " ".join(spaced.split())


class UnfoldedHeader(UnstructuredHeader):
    """A header written on one line as it is, when it is printable ASCII and fits in a
    line: for links in angle brackets (RFC 2369), which must stay whole. Anything else
    is folded as Python folds any header."""

    def fold(self, *, policy):
        line = f"{self.name}: {self}"
        if line.isascii() and line.isprintable() and len(line) <= MAX_LINE:
            return line + policy.linesep
        return super().fold(policy=policy)


# A header object keeps its class whatever the message's policy (Django's SMTP backend
# generates with email.policy.SMTP): every header made here is an UnfoldedHeader.
_unfolded = HeaderRegistry(default_class=UnfoldedHeader, use_default_map=False)


def unfolded_header(name, value):
    """The header `name: value`, to be written on one line (see UnfoldedHeader)."""
    return _unfolded(name, header_text(value))


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
    """Ask the address to confirm this follow, or, when it already follows this, say so,
    in the language of the page the follow was asked from. Sent whether or not the
    address was known; only its owner reads it."""
    with translation.override(subscription.language):
        return _confirmation_message(subscription)


def _confirmation_message(subscription):
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
        _("You already follow this on XRAYS")
        if subscription.is_confirmed
        else _("Please confirm: XRAYS updates")
    )
    text, html = render_pair("confirm", context)
    message = EmailMultiAlternatives(
        header_text(subject), text, to=[subscriber.email], headers=language_header()
    )
    message.attach_alternative(html, "text/html")
    return message


class NoticeEmail:
    """One notice's email, made into each reader's message in the reader's language:
    rendered once per language (NoticeInLanguage), the first time a reader of that
    language comes, those of the notice's own languages at once (so that an email that
    cannot be made fails the notice, as it is prepared)."""

    def __init__(self, notice):
        self.notice = notice
        self.audience_names = list(notice.audiences.values_list("pk", "name"))
        self.languages = {}
        for language in notice.languages.split():
            self.in_language(language)

    def in_language(self, language):
        if language not in self.languages:
            self.languages[language] = NoticeInLanguage(self.notice, language, self.audience_names)
        return self.languages[language]

    def of(self, delivery):
        return self.in_language(delivery.subscriber.language)

    def has_news_for(self, delivery):
        """Always: a withdrawn article's notices are skipped as it is withdrawn."""
        return True

    def message_for(self, delivery):
        return self.of(delivery).message_for(delivery)

    def bytes_for(self, delivery):
        return self.of(delivery).bytes_for(delivery)


class NoticeInLanguage:
    """One notice's email in one language, rendered once, made into each reader's
    message."""

    def __init__(self, notice, language, audience_names):
        self.language = language
        with translation.override(language):
            self.render(notice, audience_names)

    def render(self, notice, audience_names):
        version = notice.version
        self.is_update = notice.kind == notice.Kind.UPDATE
        context = {
            "notice": notice,
            "version": version,
            "is_update": self.is_update,
            "article_url": absolute(version.get_absolute_url()),
            "manage_url": MANAGE_URL,
            "unsubscribe_url": UNSUBSCRIBE_URL,
            "reason": REASON,
        }
        # The reader's delivery names the follow it matched (subscriptions/queue.py).
        self.reasons = {pk: because_audiences([name]) for pk, name in audience_names}
        self.because_article, self.because_site = because_article(), because_site()
        self.subject = (_("Updated: %(title)s") if self.is_update else _("New on XRAYS: %(title)s")) % {
            "title": version.title
        }
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

    def reason_for(self, delivery):
        """Why this reader gets the notice, from the follow their delivery matched."""
        if delivery.follows_article:
            return self.because_article
        return self.reasons.get(delivery.followed_audience, self.because_site)

    def message_for(self, delivery):
        """The reader's message as a Django EmailMessage (for mail backends other than
        SMTP, and addresses that `bytes_for` leaves to Django)."""
        subscriber = delivery.subscriber
        links = self.links_for(subscriber)
        reason = self.reason_for(delivery)
        text = self.text.replace(REASON, reason)
        html = self.html.replace(REASON, escape(reason))
        for stand_in, name in LINK_STAND_INS.items():
            text, html = text.replace(stand_in, links[name]), html.replace(stand_in, links[name])
        return with_unsubscribe(
            self.subject, text, html, subscriber.email, links["unsubscribe"], language=self.language
        )

    def bytes_for(self, delivery):
        """The same message as bytes for SMTP, filled into the notice's template; None
        when Django must build it (see subscriptions/mime.py)."""
        subscriber = delivery.subscriber
        if self.template is None:
            holes = with_unsubscribe(
                self.subject,
                mime.TEXT.decode(),
                mime.HTML.decode(),
                mime.TO.decode(),
                mime.UNSUBSCRIBE.decode(),
                message_id=mime.MESSAGE_ID.decode(),
                language=self.language,
            )
            self.template = mime.MessageTemplate(holes, self.text, self.html, LINK_STAND_INS, WORD_STAND_INS)
        words = {"reason": self.reason_for(delivery)}
        return self.template.fill(subscriber.email, words, **self.links_for(subscriber))


def token_address(name):
    """A function giving the absolute address of URL `name` for a token: what
    absolute(reverse(name, args=[token])) gives, for signed tokens (letters, digits,
    "-", "_" and ":", which addresses carry as they are)."""
    marker = "token-marker"
    before, after = absolute(reverse(name, args=[marker])).split(marker)
    return lambda token: f"{before}{token}{after}"


def language_header(language=None):
    """Content-Language (RFC 3282): the language the message is written in."""
    return {"Content-Language": language or translation.get_language() or settings.LANGUAGE_CODE}


def with_unsubscribe(subject, text, html, to, unsubscribe, message_id=None, language=None):
    """The message, with the headers that let mail programs unsubscribe in one click,
    and the language it is in (by default the active one)."""
    headers = {
        "List-Unsubscribe": unfolded_header("List-Unsubscribe", f"<{unsubscribe}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        **language_header(language),
    }
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(header_text(subject), text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
