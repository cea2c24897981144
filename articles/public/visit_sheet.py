"""The doctor-visit sheet: one printed page a reader takes to an appointment.

It holds the article's title, date and address (as text and as a QR code drawn here,
on the server: no outside service ever sees which article a reader prints), the
questions to ask with boxes to tick and room for notes, and the glossary terms the
article uses. Like the print view, it is built from the live version only and cached
whole for anonymous readers.
"""

import segno
from django.conf import settings
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from articles.page import ArticlePage, reading_language_context, serves_live_version
from articles.text import article_text
from glossary.marking import alphabetical_key
from glossary.preferences import page_glossary
from xrays.page_cache import public_page

# Blank lines under the questions, for the reader's own questions and the answers.
NOTE_LINES = 5


def qr_code_svg(url):
    """The QR code of `url` as inline SVG, sized by the stylesheet. Hidden from screen
    readers: the address is printed beside it as text."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, svgclass="visit-qr-code", lineclass=None)
    # segno writes only the <svg>, <path> and an optional <title>; no style attribute (CSP).
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def terms_in(blocks, language=settings.LANGUAGE_CODE):
    """The glossary entries used in `blocks` of plain text (articles.text) written in
    `language` (the article's), in order of first use. Each block is read on its own: a
    term never runs from one paragraph into the next, and the words of neighbouring
    paragraphs never run together."""
    return page_glossary(language).find("".join(f"<p>{escape(block)}</p>" for block in blocks))


def terms_used(content):
    """The glossary entries used in the article's summary, sections and questions,
    alphabetically: on paper the reader looks a word up, as in a dictionary."""
    text = article_text(content)
    used = terms_in(
        [text.summary, *text.section_blocks, *text.questions], content.get("language", settings.LANGUAGE_CODE)
    )
    return sorted(used, key=lambda entry: alphabetical_key(entry.name))


@require_safe
@public_page
@serves_live_version("articles:visit_sheet")
def visit_sheet(request, version):
    content = version.content
    address = settings.SITE_URL + version.get_absolute_url()
    return render(
        request,
        "articles/visit_sheet.html",
        {
            "page": ArticlePage(content),
            "version": version,
            "address": address,
            "qr_code": qr_code_svg(address),
            "glossary_terms": terms_used(content),
            "note_lines": range(NOTE_LINES),
            **reading_language_context(version, "articles:visit_sheet"),
        },
    )
