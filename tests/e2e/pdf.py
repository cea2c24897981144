"""Reading the PDFs Chromium prints (page.pdf), for the print tests: the pages, how far
down each one the text reaches, and the text itself."""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class PrintedPage:
    top_text: float  # the highest baseline, in points up from the bottom edge
    lowest_text: float  # the lowest baseline
    text: str


def printed_pages(pdf):
    """Each page of `pdf` (bytes), with the positions of its highest and lowest lines."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text, baselines = text_and_baselines(page)
        height = float(page.mediabox.height)
        pages.append(PrintedPage(max(baselines, default=height), min(baselines, default=height), text))
    return pages


def text_and_baselines(page):
    """A pypdf page's text, and the baseline of each piece of it."""
    baselines = []

    def visit(text, cm, tm, font, size):
        # Where the text starts on the page: its text matrix times the current
        # transformation matrix (Chromium draws in CSS pixels, flipped and scaled).
        if text.strip():
            baselines.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    return page.extract_text(visitor_text=visit), baselines


def how_full(pages):
    """How much of the text area each page fills, from 0 to 1. The text area runs from
    the highest line on any page to the lowest on any page: the page margins, measured
    rather than assumed."""
    top = max(page.top_text for page in pages)
    bottom = min(page.lowest_text for page in pages)
    return [(top - page.lowest_text) / (top - bottom) for page in pages]


def text_of(pages):
    """All the pages' text with every space and line break taken out (without_spaces)."""
    return without_spaces(" ".join(page.text for page in pages))


def without_spaces(text):
    """`text` with every space and line break taken out: a long address printed across
    two lines reads as one again."""
    return re.sub(r"\s+", "", text)
