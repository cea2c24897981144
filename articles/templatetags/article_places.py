from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from articles.extensions import LISTING_PLACES, render_listing_place, render_place

register = template.Library()


@register.simple_tag(takes_context=True)
def article_place(context, place):
    """What other apps add to `place` (see articles/extensions.py). Empty in previews:
    only a live version gets contributions."""
    version = context.get("version")
    if version is None or context.get("preview"):
        return ""
    html = render_place(place, version, context.get("page"))
    if not html:
        return ""
    # Calls to action (follow, survey) are for the screen: print.css hides .article-extras.
    return format_html('<div class="article-extras {}">{}</div>', place.replace("_", "-"), html)


@register.simple_tag
def listing_place(place, audience=None):
    """What other apps add to a listing page's `place` (see articles/extensions.py)."""
    html = render_listing_place(place, audience)
    if not html:
        return ""
    return format_html('<div class="listing-extras {}">{}</div>', place.replace("_", "-"), html)


@register.simple_tag(takes_context=True)
def take_part(context, place):
    """The "Be part of XRAYS" box (templates/articles/_take_part.html): a heading and a
    list whose items (one <li> each) other apps add to `place`; nothing when none do.
    On the article page only for a live version, as `article_place`."""
    if place in LISTING_PLACES:
        items = render_listing_place(place, context.get("audience"))
    else:
        version = context.get("version")
        if version is None or context.get("preview"):
            return ""
        items = render_place(place, version, context.get("page"))
    if not items:
        return ""
    return render_to_string("articles/_take_part.html", {"items": items})
