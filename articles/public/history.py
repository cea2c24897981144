"""An article's review history: its public review record (articles.review_record) at
/articles/<slug>/history/. Like the article page it is built from the live version,
found at its address the same way (a renamed article's old address leads here, a
withdrawn article has none), and cached whole for every reader."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from articles.page import reading_language_context, serves_live_version
from articles.review_record import review_record
from xrays.page_cache import public_page


def english_history_url(version) -> str:
    """For a translation, the address of its English source's history (the science
    the Scientific Advisory Board reviewed); "" for an English version."""
    if version.language == settings.LANGUAGE_CODE or not getattr(version, "source_slug", None):
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("articles:history", kwargs={"slug": version.source_slug})


@require_safe
@public_page
@serves_live_version("articles:history")
def article_history(request, version):
    context = {
        "version": version,
        "entries": review_record(version.article_id, references_heading=gettext("References")),
        "english_history_url": english_history_url(version),
        **reading_language_context(version, "articles:history"),
    }
    return render(request, "articles/history.html", context)
