"""Which of an editor's texts a reader sees: the one in the reader's language, or the
English where the editor has not written it in theirs. The page says which language
each text is in, so that a screen reader reads an English question left in a Spanish
page with English sounds (WCAG 3.1.2, `lang`)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html


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
    if language != settings.LANGUAGE_CODE and values.get(wanted):
        return Localized(values[wanted], language)
    return Localized(values.get(field) or "", settings.LANGUAGE_CODE)
