"""Citations in the NLM/Vancouver style the site has always used:

    Harper KL, Sosa MS, Entenberg D, et al. Mechanism of early dissemination and
    metastasis in Her2+ mammary cancer. Nature. 2016;540:588-92. Published online
    22 December 2016. doi:10.1038/nature20609

Works on a reference's snapshot (a dict), so that published pages format the facts
they were published with.
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from xrays.dates import long_date

# Vancouver lists up to six authors, then "et al."
MAX_AUTHORS = 6


def _date(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def doi_url(doi):
    # A DOI may hold any character, "#" and "?" included: encode all but the slashes.
    return "https://doi.org/" + quote(doi, safe="/")


def human_date(value):
    # A citation is written in English (its words, "Published online", and the works'
    # titles), on Spanish pages too: its dates are English with it, not half-translated.
    with translation.override(settings.LANGUAGE_CODE):
        return long_date(value)


def format_authors(authors, more_authors=False):
    shown = list(authors[:MAX_AUTHORS])
    if not shown:
        return ""
    text = ", ".join(shown)
    if more_authors or len(authors) > MAX_AUTHORS:
        text += ", et al"
    return text + "."


def _with_full_stop(text):
    text = text.strip()
    return text if text[-1:] in {".", "?", "!"} else text + "."


def format_citation(data):
    """Return the citation as safe HTML: every value escaped, links to DOI and PubMed."""
    parts = []
    authors = format_authors(data.get("authors") or [], data.get("more_authors", False))
    if authors:
        parts.append(format_html("{}", authors))
    parts.append(format_html("{}", _with_full_stop(data["title"])))

    published_on = _date(data.get("published_on"))
    online_on = _date(data.get("published_online_on"))
    publication = data.get("publication", "")
    if publication:
        source = format_html("<cite>{}</cite>.", publication)
        locator = ""
        if data.get("volume"):
            locator = data["volume"]
            if data.get("issue"):
                locator += f"({data['issue']})"
            if data.get("pages"):
                locator += f":{data['pages']}"
        elif data.get("pages"):
            locator = data["pages"]
        if published_on and locator:
            source = format_html("{} {};{}.", source, published_on.year, locator)
        elif locator:
            source = format_html("{} {}.", source, locator)
        elif published_on:
            source = format_html("{} {}.", source, human_date(published_on))
        parts.append(source)
    elif published_on:
        parts.append(format_html("{}.", human_date(published_on)))

    if online_on:
        parts.append(format_html("Published online {}.", human_date(online_on)))

    links = []
    if data.get("doi"):
        links.append(format_html('doi:<a href="{}">{}</a>', doi_url(data["doi"]), data["doi"]))
    if data.get("pubmed_id"):
        links.append(
            format_html('PubMed: <a href="https://pubmed.ncbi.nlm.nih.gov/{0}/">{0}</a>', data["pubmed_id"])
        )
    if data.get("url") and not links:
        links.append(format_html('<a class="url" href="{0}">{0}</a>', data["url"]))
    if links:
        parts.append(format_html_join(". ", "{}", ((link,) for link in links)))
    return mark_safe(" ".join(str(part) for part in parts))
