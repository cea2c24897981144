"""The one written form of an email address that XRAYS keeps, and the addresses it
refuses because no email could reach them as typed.

One mailbox, one subscriber: the domain is stored in its ASCII form (IDNA 2008 with the
UTS #46 mapping of the `idna` package, non-transitional, as browsers and registries
read it), so "ｅｘａｍｐｌｅ.org" and "example.org", or "Bücher.de" and
"xn--bcher-kva.de", are one domain. Python's own "idna" codec, which Django's mail uses
for a non-ASCII domain, implements IDNA 2003: it maps "ß" to "ss" and "ς" to "σ", so
"straße.de" would be mailed at "strasse.de", someone else's domain. A stored ASCII
domain leaves Django nothing to convert.

Refused, with a message the form shows:
- a local part holding an RFC 2047 encoded word ("=?utf-8?q?a?=@example.org"): the
  email library decodes it when the To header is made, so the message would go to
  another address than the one typed;
- a domain that IDNA refuses (a label too long, a character no domain may hold);
- an address longer than 254 characters once its domain is in ASCII (RFC 5321; also
  the length of the stored column)."""

import re

import idna
from django import forms
from django.utils.translation import gettext as _

MAX_LENGTH = 254


def too_long():
    return _(
        "This address is too long to send email to: an address can have at most %(max)d characters, "
        "and a domain with accented or non-Latin letters counts in its longer, plain-letter form."
    ) % {"max": MAX_LENGTH}


# RFC 2047, section 2: =?charset?encoding?encoded-text?=
ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bq]\?[^?\s]*\?=", re.IGNORECASE)


class UnusableAddress(ValueError):
    """An address no email can be sent to as it was typed; the message says why, for
    the person who typed it."""


def canonical_email(email: str) -> str:
    """`email` in the form XRAYS stores and sends to: trimmed, lower case, its domain in
    ASCII. Raises UnusableAddress for an address no email would reach."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain:
        raise UnusableAddress(_("Enter a valid email address."))
    if ENCODED_WORD.search(local):
        raise UnusableAddress(
            _("We can't send email to an address whose name part contains “=?…?=”. Please check the address.")
        )
    try:
        ascii_domain = idna.encode(domain, uts46=True, std3_rules=True).decode("ascii")
    except idna.IDNAError as error:
        if error.code == "domain_too_long":
            raise UnusableAddress(too_long()) from None
        raise UnusableAddress(
            _("The part after the @ is not a domain name we can send email to. Please check it for typos.")
        ) from None
    canonical = f"{local.lower()}@{ascii_domain.lower()}"
    if len(canonical) > MAX_LENGTH:
        raise UnusableAddress(too_long())
    return canonical


class EmailAddressField(forms.EmailField):
    """A form's email address, cleaned to the form XRAYS keeps (canonical_email); one no
    email could reach as typed is refused beside the field, with what was typed kept."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return canonical_email(value)
        except UnusableAddress as error:
            raise forms.ValidationError(str(error), code="unusable") from None
