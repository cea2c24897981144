"""An audience's name in the active language, for any page.

Snapshots (and so every article page) keep each audience's id and English name; the
listings hold Audience objects. Both go through the same two filters:

    {% load audience_names %}
    <a href="…"{{ audience|audience_lang_attr }}>{{ audience|audience_name }}</a>

`audience_lang_attr` marks a name not yet translated as English (lang="en") on a
Spanish page, so that screen readers read it in English; `audience_lang` is the
language of the name shown.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from audiences.models import Audience

register = template.Library()


def _name_and_language(audience):
    language = translation.get_language() or settings.LANGUAGE_CODE
    if isinstance(audience, Audience):
        name = audience.name_in(language)
        english = audience.name
    else:  # a snapshot's {"id", "name", "slug"}
        english = audience.get("name", "")
        if language == settings.LANGUAGE_CODE:
            return english, language
        # An audience deleted since the snapshot keeps the name it was published with.
        name = Audience.names_in(language).get(audience.get("id"), english)
    if language != settings.LANGUAGE_CODE and name == english:
        return name, settings.LANGUAGE_CODE
    return name, language


@register.filter
def audience_name(audience):
    """The audience's name in the active language (English until it is translated)."""
    return _name_and_language(audience)[0]


@register.filter
def audience_lang(audience):
    """The language of the name `audience_name` shows."""
    return _name_and_language(audience)[1]


@register.filter
def audience_lang_attr(audience):
    """` lang="en"` when the name `audience_name` shows is not in the page's language
    (not translated yet), otherwise nothing: for the element around the name."""
    language = _name_and_language(audience)[1]
    if language == (translation.get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def audience_description(audience):
    """(description, language) of `audience` for the active language:
    {% audience_description audience as description %} then description.0, description.1."""
    return audience.description_in(translation.get_language() or settings.LANGUAGE_CODE)
