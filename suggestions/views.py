"""Readers' pages: the suggestion form, its thank-you page, and the page (and RFC 8058
one-click endpoint) that erases the reader's address. None is kept by any cache: the
form holds a CSRF token, the others a signed link.

Every reader gets the same thank-you, whether their link or address was known or not,
and a robot that filled the hidden field gets it too, with nothing kept."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from articles.models import PublishedVersion
from subscriptions import tokens as link_errors
from suggestions import services, tokens
from suggestions.forms import WHY_MAX_LENGTH, SuggestionForm
from suggestions.links import MAX_LENGTH as LINK_MAX_LENGTH
from xrays.languages import reader_language
from xrays.throttle import over_rate


def suggestion_rate(group, request):
    return settings.SUGGESTION_RATE


def came_from(request) -> PublishedVersion | None:
    """The live article the reader came from (`?from=<slug>`), if it is one."""
    slug = request.GET.get("from", "")
    if not slug or len(slug) > 250:
        return None
    return PublishedVersion.objects.live().filter(slug=slug).first()


def check_address_throttle(request, email: str) -> None:
    """However many clients send it, one address is sent in at most SUGGESTION_EMAIL_RATE."""
    if email and over_rate(request, "suggestions.email", email, settings.SUGGESTION_EMAIL_RATE):
        raise Ratelimited()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="suggestions.suggest", key="ip", rate=suggestion_rate, method=["POST"], block=True)
def suggest(request):
    version = came_from(request)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            if not form.is_robot():
                check_address_throttle(request, form.cleaned_data["email"])
                services.receive_suggestion(
                    link=form.cleaned_data["link"],
                    why=form.cleaned_data["why"],
                    email=form.cleaned_data["email"],
                    language=reader_language(),
                    came_from=version.slug if version else "",
                )
            thanks = reverse("suggestions:thanks")
            return redirect(f"{thanks}?{urlencode({'from': version.slug})}" if version else thanks)
    else:
        form = SuggestionForm()
    context = {
        "form": form,
        "version": version,
        "why_max_length": WHY_MAX_LENGTH,
        "link_max_length": LINK_MAX_LENGTH,
    }
    return render(request, "suggestions/suggest.html", context, status=400 if form.errors else 200)


@never_cache
@require_safe
def thanks(request):
    return render(request, "suggestions/thanks.html", {"version": came_from(request)})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a mail program POSTs `List-Unsubscribe=One-Click` here without a CSRF
    token (the signed link is the proof). Opening the link shows a button that does the
    same, so that a mail scanner fetching it erases nothing."""
    try:
        suggestion = tokens.suggestion_for(token)
    except (link_errors.LinkExpired, link_errors.LinkInvalid):
        if request.method == "POST":
            # The suggestion is gone, and its address with it: nothing left to erase.
            return render(request, "suggestions/unsubscribed.html")
        return render(request, "suggestions/link_problem.html", status=404)
    if request.method == "POST":
        services.forget_address(suggestion)
        return render(request, "suggestions/unsubscribed.html")
    return render(request, "suggestions/unsubscribe.html")
