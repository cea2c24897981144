"""Slugs that the site's addresses can take.

Django's `<slug:…>` path converter matches ASCII letters, digits, hyphens and
underscores only (the same alphabet as `validate_slug`). A slug with anything else,
such as "personas-con-cáncer", can be stored, but no address can be made from it:
every page that links to it fails. Models whose slugs end up in addresses keep them
within that alphabet when they are saved, and their admin forms refuse anything else.
"""

from django.core.validators import slug_re
from django.utils.text import slugify


def url_slug(value, fallback=""):
    """`value` if an address can take it as it is; otherwise transliterated to ASCII
    ("¿Personas con cáncer?" → "personas-con-cancer"), or `fallback` when nothing is left."""
    value = str(value or "")
    if slug_re.match(value):
        return value
    # Django's slugify decomposes accented letters (NFKD) and keeps their ASCII base.
    return slugify(value) or fallback
