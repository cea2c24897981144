"""The pieces of a page's <head> that other programs read: link previews (Open Graph,
with the page's language as og:locale) and the page's title and description as plain
text.

A page names its title and description once, in `{% block title %}` and
`{% block description %}`; base.html shows each in several places (the <title>, the
meta description, og:title, og:description) by capturing the block as plain text:

    {% plaintext as page_title %}{% block title %}XRAYS{% endblock %}{% endplaintext %}

Django renders a block only once, and a block stays overridable inside any tag that
keeps its contents in `nodelist`, as this one does."""

import html
import re
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags

register = template.Library()

SITE_NAME_SUFFIX = " · XRAYS"
# Open Graph names a language with its territory, from the list of locales Facebook
# accepts (it refuses the page's tags for any other): American English, and Latin
# American Spanish (es_LA: there is no es_US), the Spanish written for US families here.
OPEN_GRAPH_LOCALES = {"en": "en_US", "es": "es_LA"}


def as_plain_text(rendered: str) -> str:
    """What a reader would read: tags dropped, entities decoded, spaces collapsed. The
    result is plain text, escaped again wherever it is printed, so a title with quotes
    or an ampersand comes out right once, in an attribute as in the <title>."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(rendered))).strip()


class PlainTextNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        context[self.name] = as_plain_text(self.nodelist.render(context))
        return ""


@register.tag
def plaintext(parser, token):
    """`{% plaintext as name %}…{% endplaintext %}` renders its contents into `name` as
    plain text and prints nothing."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% plaintext as name %}…{% endplaintext %}")
    nodelist = parser.parse(("endplaintext",))
    parser.delete_first_token()
    return PlainTextNode(nodelist, bits[2])


@register.filter
def without_site_name(title: str) -> str:
    """The title without " · XRAYS" ("Early spread"): a link preview names the site apart."""
    return title.removesuffix(SITE_NAME_SUFFIX) or title


@register.simple_tag
def absolute_static(path: str) -> str:
    """A static file's absolute address: link previews are fetched by other sites. A
    STATIC_URL that is already absolute (a CDN) is kept as it is."""
    return urljoin(settings.SITE_URL + "/", static(path))


@register.filter
def open_graph_locale(language: str) -> str:
    """`{{ LANGUAGE_CODE|open_graph_locale }}`: "es" → "es_LA", for og:locale."""
    return OPEN_GRAPH_LOCALES.get(language, language)
