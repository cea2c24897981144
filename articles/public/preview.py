"""The shared preview: a draft, read-only, for an outside expert holding a signed link
that an editor made in the admin (articles.workflow.previews). Never cached, never
indexed, and the address is not passed on to other sites."""

from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.page import article_context
from articles.workflow.previews import preview_link_for
from glossary.preferences import glossary_enabled
from xrays.dates import long_date


@require_safe
def shared_preview(request, token):
    try:
        link = preview_link_for(token)
    except signing.BadSignature:
        raise Http404("This preview link is not valid.") from None
    if link is None or not link.is_active:
        response = render(request, "articles/preview_link_expired.html", status=410)
        response["Cache-Control"] = "private, no-store"
        return response
    # The draft as it was when the link was made: an expert reads what was sent to them.
    context = article_context(request, link.content, glossary_on=glossary_enabled(request), preview=True)
    context["preview_note"] = (
        f"This link was shared with {link.recipient} and works until "
        f"{long_date(link.expires_at)}. Please do not pass it on."
    )
    response = render(request, "articles/article_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
