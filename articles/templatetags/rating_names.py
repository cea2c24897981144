"""Rating scales and levels named in the active language, for any page.

Snapshots (and so every article page, card and feed) keep each rating's English scale
and level names with their slugs; the listings' filter form holds RatingLevels and
scales (articles.public.filters.Scale). All go through the same filters:

    {% load rating_names %}
    {{ rating|rating_scale }}: <strong>{{ rating|rating_level }}</strong>
    <option{{ level|rating_level_lang_attr }}>{{ level|rating_level_name }}</option>

`rating_scale` and `rating_level` give the name as HTML, inside <span lang="en"> on a
Spanish page when no Spanish name is written yet, so that screen readers read it in
English; `…_name` give the plain name and `…_lang_attr` the ` lang="en"` to put on the
element around it (an <option> cannot hold a <span>). On English pages each gives the
English name exactly as before, with no query.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from articles.models.ratings import snapshot_level_name, snapshot_scale_name
from xrays.languages import localized

register = template.Library()


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


def _named(item, snapshot_name):
    """(name, its language): `item` is a snapshot rating (a dict) or has `name` and
    `name_es` (a RatingCriterion, a RatingLevel, a filter form's Scale)."""
    language = _language()
    if isinstance(item, dict):
        return snapshot_name(item, language)
    name = localized(item, "name", language)
    return name.text, name.language


def _scale(item):
    return _named(item, snapshot_scale_name)


def _level(item):
    return _named(item, snapshot_level_name)


def _marked(name_and_language):
    name, language = name_and_language
    if language == _language():
        return conditional_escape(name)
    return format_html('<span lang="{}">{}</span>', language, name)


def _lang_attr(name_and_language):
    language = name_and_language[1]
    return "" if language == _language() else format_html(' lang="{}"', language)


@register.filter
def rating_scale(item):
    """The scale's name in the active language, as HTML marked lang="en" if not translated."""
    return _marked(_scale(item))


@register.filter
def rating_level(item):
    """The level's name in the active language, as HTML marked lang="en" if not translated."""
    return _marked(_level(item))


@register.filter
def rating_scale_name(item):
    return _scale(item)[0]


@register.filter
def rating_level_name(item):
    return _level(item)[0]


@register.filter
def rating_scale_lang_attr(item):
    return _lang_attr(_scale(item))


@register.filter
def rating_level_lang_attr(item):
    return _lang_attr(_level(item))


@register.simple_tag
def rating_reasons_lang():
    """` lang="en"` on a page in another language: a rating's reasons and evidence are
    the English article's words, shared by its translations."""
    return "" if _language() == settings.LANGUAGE_CODE else format_html(' lang="{}"', settings.LANGUAGE_CODE)
