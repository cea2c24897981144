"""The news link a reader suggests: checked for its shape only, and reduced to the
forms two links to one story share.

The site never fetches a suggested link: a reader could point it anywhere (an address
inside the network, a page that never answers). A link is accepted when it looks like
one a browser would open from a news site: http or https, a host name, nothing a
browser would run (`javascript:`, `data:`), and a reasonable length.

Two suggestions of one story rarely carry the same text: one has `www.` and a capital
letter in the host, another a trailing slash, a third the tracking parameters of the
newsletter it came from (`utm_source`, `fbclid` …). `link_key` is the same for all of
them. A scholarly paper is known by its DOI wherever it is linked from
(doi.org/10.…, a publisher's /doi/10.… page): `doi_in` finds it, in the form the
references app keeps it (lower case, no prefix)."""

import hashlib
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 2000

# Query parameters that say where a reader came from, never which story it is.
TRACKING_PARAMETERS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|ref_src)$",
    re.IGNORECASE,
)
# A DOI: "10." then a registrant code, "/" then the item's suffix (which may hold "/").
DOI = re.compile(r"(?:^|/|doi:\s*)(10\.\d{4,9}/[^\s?#]+)", re.IGNORECASE)
# A host: labels of letters (any script), digits and hyphens, or an IPv4/IPv6 address.
HOST = re.compile(r"^(\[[0-9a-f:.]+\]|[\w-]+(\.[\w-]+)*)$", re.IGNORECASE)


def checked_link(text: str) -> str:
    """`text` trimmed, when it has the shape of a web address a reader could follow;
    otherwise ValidationError with a message for the reader."""
    link = (text or "").strip()
    if not link:
        raise ValidationError(_("Please give the link to the news story."), code="required")
    if len(link) > MAX_LENGTH:
        raise ValidationError(
            _("This link is too long: a link can have at most %(max)d characters.") % {"max": MAX_LENGTH},
            code="too_long",
        )
    if any(character.isspace() for character in link):
        raise ValidationError(
            _("A link has no spaces. Please copy it again from the address bar."), code="spaces"
        )
    try:
        parts = urlsplit(link)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (a port that is not a number raises ValueError)
    except ValueError:
        raise ValidationError(_("This does not look like a web address."), code="invalid") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValidationError(
            _("Please give a web address starting with http:// or https://."), code="scheme"
        )
    if not host or not HOST.match(host):
        raise ValidationError(
            _("This web address has no site name in it, such as www.example.org."), code="host"
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("A link to a news story has no user name or password in it. Please copy it again."),
            code="credentials",
        )
    return link


def normalised_link(link: str) -> str:
    """`link` as two links to one story share it: scheme and host in lower case,
    without `www.`, a default port or a fragment, without tracking parameters, the other
    parameters sorted, and the path without a trailing slash."""
    try:
        parts = urlsplit(link.strip())
        port = parts.port
    except ValueError:  # a link kept elsewhere (a reference) with an impossible port
        return link.strip().lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port and port not in {80, 443}:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        sorted(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMETERS.match(name)
        )
    )
    return urlunsplit(
        (
            "https" if parts.scheme.lower() in {"http", "https"} else parts.scheme.lower(),
            host,
            path,
            query,
            "",
        )
    )


def link_key(link: str) -> str:
    """A short fixed-length key of `normalised_link(link)`, for an index."""
    return hashlib.sha256(normalised_link(link).encode()).hexdigest()


def doi_in(link: str) -> str:
    """The DOI in `link` (doi.org/10.…, …/doi/10.…, …/doi/full/10.…), lower case, or ""."""
    try:
        path = unquote(urlsplit(link.strip()).path)
    except ValueError:
        return ""
    match = DOI.search(path)
    if match is None:
        return ""
    return match.group(1).rstrip("/.").lower()


def title_from(link: str) -> str:
    """A placeholder title for a draft made from `link`: the words of the last part of
    its path, and the site it is on ("Cancer metastasis early (statnews.com)")."""
    parts = urlsplit(link.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in unquote(parts.path).split("/") if s and not s.isdigit()]
    words = ""
    if segments:
        last = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1], flags=re.IGNORECASE)
        words = " ".join(re.split(r"[-_+.\s]+", last)).strip()
    if not words or len(words) < 4:
        return f"Suggested story from {host}"[:250]
    title = f"{words[:1].upper()}{words[1:]} ({host})"
    return title[:250]
