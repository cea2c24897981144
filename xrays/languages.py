"""Which language an address is in, known before LocaleMiddleware runs.

The readers' pages are in i18n_patterns with prefix_default_language off (xrays/urls.py):
/es/… is Spanish and every address without a prefix is English, whatever the reader's
browser asks for (Accept-Language) or a cookie says. LocaleMiddleware activates that
language, but only when the request reaches it: the page cache and the check of bad
requests answer earlier (settings.MIDDLEWARE), when the thread's active language is
still whatever its previous request left. They ask here instead.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.html import format_html


def language_of(path_info: str) -> str:
    """The language LocaleMiddleware gives this address: its prefix's, or English."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """LocaleMiddleware, without `Vary: Accept-Language` on addresses without a prefix.

    It adds that header because, in general, such an address may be served in the
    browser's language. Here it never is (prefix_default_language is off: no prefix is
    English), and nginx and browsers keep one copy of a page per distinct header a
    browser sends when a page varies on it: more misses, for pages that are the same."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            named = (h.strip() for h in response["Vary"].split(","))
            kept = [h for h in named if h and h.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


# Editors' texts in the reader's language: the one home of the rule that a reader sees
# the text written in their language, or the English where the editor has not written
# it in theirs, and that the page says which language each text is in, so that a screen
# reader reads an English text left in a Spanish page with English sounds (WCAG 3.1.2,
# `lang`). Used by site texts, audiences, rating scales and surveys.


@dataclass(frozen=True)
class Localized:
    """A text and the language it is written in."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def is_foreign(self) -> bool:
        """Written in another language than the page's: it needs its own `lang`."""
        return self.language != (translation.get_language() or settings.LANGUAGE_CODE)

    def marked(self) -> str:
        """The text, escaped, in a span naming its language when it is not the page's."""
        if self.is_foreign:
            return format_html('<span lang="{}">{}</span>', self.language, self.text)
        return format_html("{}", self.text)


def reader_language() -> str:
    """The active language, as one of settings.LANGUAGES' codes."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def localized(obj: object, field: str, language: str | None = None) -> Localized:
    """`obj`'s `field` (an attribute, or a key of a mapping such as a cached row) in
    `language` (by default the reader's): its `<field>_<code>` when filled in, else the
    English `field`."""
    language = language or reader_language()
    wanted = f"{field}_{language}"
    values = obj if isinstance(obj, Mapping) else {name: getattr(obj, name, "") for name in (field, wanted)}
    # A text of spaces is not written.
    if language != settings.LANGUAGE_CODE and (values.get(wanted) or "").strip():
        return Localized(values[wanted], language)
    return Localized(values.get(field) or "", settings.LANGUAGE_CODE)
