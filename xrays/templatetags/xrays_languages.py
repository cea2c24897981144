"""The language switcher and hreflang alternates of base.html (xrays/language_links.py)."""

from django import template

from xrays import language_links as links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[links.LanguageLink]:
    """`{% language_links as page_in_languages %}`: this page in each language, for the page's
    request and the view's `language_alternates`, if it gave any. A template rendered
    without a request (an email) gets none."""
    request = context.get("request")
    if request is None:
        return []
    return links.language_links(request, context.get("language_alternates"))
