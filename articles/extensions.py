"""Named places on the live article page that other apps fill, without `articles`
knowing them.

An app adds a template to a place from its AppConfig.ready():

    from articles.extensions import AFTER_HEADER, add_to_article_page

    add_to_article_page(AFTER_HEADER, "subscriptions/_follow_link.html")

The template is rendered with `version` (the live PublishedVersion) and `page` (the
ArticlePage built from it), plus whatever `get_context(version)` returns, if given. It
is rendered without the request, so it cannot hold anything that differs per reader (a
CSRF token, a session, the user): every anonymous reader gets the same page, which can
be cached whole. A form that needs a token lives on a page of its own that the place
links to. `get_context` may run a fixed number of queries, never one per item.

The places appear on live pages only, never in staff previews or preview links.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# Where "Get notified of page updates" goes: with the article's actions (original,
# print, visit sheet), after its sections (templates/articles/_article_tools.html).
AFTER_HEADER = "after_header"
# Where the survey's call to action goes: after the article's last section and lists.
AFTER_ARTICLE = "after_article"
# "Be part of XRAYS": ways for readers to take part (suggest a story, volunteer as a
# reviewer), near the end of the article page. Each contribution renders one <li>; the
# page gives them the heading and the list (templates/articles/_take_part.html).
TAKE_PART = "take_part"
PLACES = (AFTER_HEADER, AFTER_ARTICLE, TAKE_PART)
# On the home page and an audience's page, under the introduction: rendered with
# `audience` (the audience whose articles are listed, or None for all articles).
LISTING = "listing"
# "Be part of XRAYS" on the home page (each contribution one <li>, as TAKE_PART).
LISTING_TAKE_PART = "listing_take_part"
LISTING_PLACES = (LISTING, LISTING_TAKE_PART)


@dataclass(frozen=True)
class Contribution:
    template_name: str
    get_context: Callable | None = None
    order: int = 0


_contributions: dict[str, dict[str, Contribution]] = {place: {} for place in PLACES + LISTING_PLACES}


def add_to_article_page(
    place: str, template_name: str, *, get_context: Callable | None = None, order: int = 0
) -> None:
    """Show `template_name` in `place` on every live article page. Adding the same
    template again replaces it, so an app's ready() may run more than once."""
    if place not in _contributions:
        raise ValueError(f"No place {place!r} on the article page; there are: {', '.join(PLACES)}.")
    _contributions[place][template_name] = Contribution(template_name, get_context, order)


def add_to_listing_pages(
    place: str, template_name: str, *, get_context: Callable | None = None, order: int = 0
) -> None:
    """Show `template_name` in `place` on the home page and each audience's page.
    `get_context(audience)` may add to its context; the same rules as above hold."""
    if place not in LISTING_PLACES:
        raise ValueError(f"No place {place!r} on listing pages; there are: {', '.join(LISTING_PLACES)}.")
    _contributions[place][template_name] = Contribution(template_name, get_context, order)


def remove_from_article_page(place: str, template_name: str) -> None:
    _contributions[place].pop(template_name, None)


def contributions(place: str) -> list[Contribution]:
    return sorted(_contributions[place].values(), key=lambda c: (c.order, c.template_name))


def render_place(place: str, version: Any, page: Any) -> SafeString:
    """The HTML of every contribution to `place` for this live version."""
    parts = []
    for contribution in contributions(place):
        context = {"version": version, "page": page}
        if contribution.get_context is not None:
            context.update(contribution.get_context(version))
        parts.append(render_to_string(contribution.template_name, context))
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part.strip()))


def render_listing_place(place: str, audience: Any) -> SafeString:
    """The HTML of every contribution to a listing page's `place`."""
    parts = []
    for contribution in contributions(place):
        context = {"audience": audience}
        if contribution.get_context is not None:
            context.update(contribution.get_context(audience))
        parts.append(render_to_string(contribution.template_name, context))
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part.strip()))
