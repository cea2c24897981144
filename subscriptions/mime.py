"""A notice's message made once, as bytes, and filled in for each reader.

Django builds a MIME tree and generates it (folding headers, choosing and applying each
body's transfer encoding) for every message it sends: most of a notice's sending time.
Every reader of a notice gets the same message but for the To header, the Message-ID,
the List-Unsubscribe link, and in each body the two links and the reason the reader
gets it (one of the few a notice has: the follow it matched). So Django generates the
message once, with holes in those places, and each reader's message is the pieces
joined around that reader's values, each body encoded with binascii's quoted-printable
(in C), which wraps lines so that a long link cannot break the 76-character limit of
the encoding. A reader whose address or links are not plain ASCII gets a message built
by Django as before (`fill` answers None)."""

import binascii
import email.policy
import re
from email.utils import make_msgid
from html import escape

from django.core.mail import DNS_NAME

# Stand-ins no real value can contain: `fill` puts the reader's values in their place.
TO = b"reader@xrays-hole.invalid"
MESSAGE_ID = b"<message-id@xrays-hole.invalid>"
UNSUBSCRIBE = b"https://xrays-hole.invalid/unsubscribe-header"
TEXT = b"xrays-hole-text-body"
HTML = b"xrays-hole-html-body"
HOLES = re.compile(b"|".join(re.escape(hole) for hole in (TO, MESSAGE_ID, UNSUBSCRIBE, TEXT, HTML)))

# What a plain address looks like (dot-atom local part, ASCII domain): it goes into the
# To header and the envelope as it is. Anything else is left to Django's own checks.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


class MessageTemplate:
    """`message` (a Django EmailMessage whose To, Message-ID, List-Unsubscribe and
    bodies are the holes above) as bytes with holes; `text` and `html` the bodies with
    `links` (stand-in -> name) still to fill in, and `words` (stand-in -> name): text
    of any characters, escaped in the HTML body."""

    def __init__(self, message, text, html, links, words=None):
        generated = message.message(policy=email.policy.SMTP)
        for part in generated.walk():
            if part.get_content_maintype() == "text":
                # The hole goes out as it is; the body that replaces it is encoded here.
                part.replace_header("Content-Transfer-Encoding", "quoted-printable")
        data = generated.as_bytes()
        self.pieces = HOLES.split(data)
        self.holes = HOLES.findall(data)
        if sorted(self.holes) != sorted([TO, MESSAGE_ID, UNSUBSCRIBE, TEXT, HTML]):
            raise ValueError(f"a hole is missing or repeated in the message: {self.holes}")
        # The bodies as b2a_qp takes them, made once: CRLF line ends (it follows the
        # first line end it sees), the one that closes the body too. Only the links
        # (plain ASCII on one line) and the words differ between readers.
        self.text, self.html = (b"\r\n".join(body.encode().splitlines()) + b"\r\n" for body in (text, html))
        self.links = {stand_in.encode(): name for stand_in, name in links.items()}
        self.words = {stand_in.encode(): name for stand_in, name in (words or {}).items()}
        # The bodies with each set of words in: a notice has a few, and its readers
        # share them, so a reader's bodies differ from one of these by the links alone.
        self.worded = {}

    def fill(self, address, words=None, **links):
        """The reader's message as bytes (CRLF line ends, ready for SMTP DATA), or None
        when the address or a link is not plain ASCII. `words`: name -> text."""
        if not PLAIN_ADDRESS.fullmatch(address) or not all(value.isascii() for value in links.values()):
            return None
        links = {name: value.encode() for name, value in links.items()}
        text, markup = self.with_words(words or {})
        values = {
            TO: address.encode(),
            MESSAGE_ID: make_msgid(domain=DNS_NAME).encode(),
            UNSUBSCRIBE: links["unsubscribe"],
            TEXT: self.body(text, links),
            HTML: self.body(markup, links),
        }
        out = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            out += (values[hole], piece)
        return b"".join(out)

    def with_words(self, words):
        """(text, html) with `words` in, as b2a_qp takes them."""
        key = tuple(sorted(words.items()))
        if key not in self.worded:
            text, markup = self.text, self.html
            for stand_in, name in self.words.items():
                text = text.replace(stand_in, words[name].encode())
                markup = markup.replace(stand_in, escape(words[name]).encode())
            self.worded[key] = text, markup
        return self.worded[key]

    def body(self, template, links):
        for stand_in, name in self.links.items():
            template = template.replace(stand_in, links[name])
        # CRLF line ends and soft breaks out, less the closing line end.
        return binascii.b2a_qp(template, istext=True)[:-2]
