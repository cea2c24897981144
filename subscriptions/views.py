"""Public pages: follow (one email field), "Check your inbox" (repeating the address
typed: subscriptions/follow_pages.py), confirm (a button, so that mail scanners fetching
the link confirm nothing), manage (a signed link in every email), delete (asked once
more) and the one-click unsubscribe of RFC 8058. None is kept by any cache: each holds
a CSRF token, a signed link or the reader's address."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from audiences.models import Audience
from subscriptions import follow, follow_pages, tokens
from subscriptions.follow_pages import Target
from subscriptions.forms import FollowForm
from subscriptions.models import Subscription


def follow_rate(group, request):
    return settings.SUBSCRIBE_RATE


def follow_page(request, target: Target, *, article=None, audience=None):
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            # The same answer, known address or not, robot or not.
            frequency = form.cleaned_data.get("frequency") or "each"
            if not form.is_robot():
                follow.follow(
                    form.cleaned_data["email"],
                    article=article,
                    audience=audience,
                    frequency=frequency,
                    language=request.LANGUAGE_CODE,
                )
            response = redirect("subscriptions:check_inbox")
            follow_pages.remember_pending(
                response, email=form.typed_email(), target=target, frequency=frequency
            )
            return response
    else:
        form = FollowForm(initial=changing(request, target))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "what": target.what, "target": target, "article": article, "audience": audience}
    return render(request, "subscriptions/follow.html", context, status=status)


def changing(request, target: Target) -> dict:
    """The address (and choice) typed last, for "Wrong address? Change it": only on the
    page it was typed on."""
    pending = follow_pages.pending(request) if "change" in request.GET else None
    if pending is None or pending.target != target:
        return {}
    return {"email": pending.email, "frequency": pending.frequency or "each"}


# One count per client across the three follow pages.
throttled = ratelimit(group="subscriptions.follow", key="ip", rate=follow_rate, method=["POST"], block=True)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_site(request):
    return follow_page(request, follow_pages.site_target())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_article(request, slug):
    article = follow_pages.live_article(slug)
    if article is None:
        raise Http404("No published article at this address.")
    return follow_page(request, follow_pages.article_target(article), article=article)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_audience(request, slug):
    audience = get_object_or_404(Audience, slug=slug)
    return follow_page(request, follow_pages.audience_target(audience), audience=audience)


@never_cache
@require_safe
def check_inbox(request):
    # Opened without having just followed (a bookmark, a cookie gone): the same page
    # without the address.
    return render(request, "subscriptions/check_inbox.html", {"pending": follow_pages.pending(request)})


def link_problem(request, error):
    expired = isinstance(error, tokens.LinkExpired)
    return render(
        request,
        "subscriptions/link_problem.html",
        {"expired": expired, "days": tokens.CONFIRMATION_MAX_AGE.days},
        status=410 if expired else 404,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """A button, not the link, confirms; once confirmed, the same link says what the
    reader now follows (the button's answer redirects to it, so reloading is harmless)."""
    try:
        subscriber, payload = tokens.subscriber_for(
            token, tokens.CONFIRM_SALT, max_age=tokens.CONFIRMATION_MAX_AGE
        )
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return link_problem(request, error)
    subscription = (
        Subscription.objects.filter(subscriber=subscriber, pk=payload.get("f"))
        .select_related("article__live_version", "audience", "subscriber")
        .first()
    )
    if subscription is None:
        return link_problem(request, tokens.LinkInvalid())
    if request.method == "POST":
        # Confirmed from this page: the address's emails come in its language.
        follow.confirm(subscription, request.LANGUAGE_CODE)
        return redirect(request.path)
    context = {
        "subscription": subscription,
        "target": follow_pages.target_of(subscription),
        "manage_token": tokens.manage_token(subscriber),
    }
    return render(request, "subscriptions/confirm.html", context)


STOPPED_ALL = "all"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber, _ = tokens.subscriber_for(token, tokens.MANAGE_SALT)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return link_problem(request, error)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            # A form from before deleting asked twice: it leads to the question.
            return redirect("subscriptions:delete", token)
        if action == "language":
            if not follow.set_language(subscriber, request.POST.get("language", "")):
                return render(request, "400.html", status=400)
            return redirect(f"{request.path}?{urlencode({'language': 'changed'})}")
        if action == "stop_all":
            follow.stop_all(subscriber)
            stopped = STOPPED_ALL
        elif action == "stop":
            try:
                chosen = subscriber.subscriptions.select_related("article__live_version", "audience").get(
                    pk=int(request.POST.get("subscription", ""))
                )
            except (ValueError, Subscription.DoesNotExist):
                return render(request, "400.html", status=400)
            stopped = follow_pages.target_of(chosen).key
            follow.stop(subscriber, chosen.pk)
        else:
            return render(request, "400.html", status=400)
        # No session: what was stopped travels in the address of the page shown next,
        # named as the follow pages name it (no address, nothing secret).
        return redirect(f"{request.path}?{urlencode({'stopped': stopped})}")
    follows = subscriber.subscriptions.select_related("article__live_version", "audience")
    stopped = request.GET.get("stopped", "")
    target = follow_pages.target_from_key(stopped) if stopped and stopped != STOPPED_ALL else None
    context = {
        "subscriber": subscriber,
        "follows": follows,
        "stopped_all": stopped == STOPPED_ALL,
        "stopped": target,
        "stopped_unknown": bool(stopped) and target is None and stopped != STOPPED_ALL,
        "language_changed": request.GET.get("language") == "changed",
        "languages": settings.LANGUAGES,
        "token": token,
    }
    return render(request, "subscriptions/manage.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    """Deleting the address asks once more: opening this page (GET, HEAD, a mail
    scanner) deletes nothing; its button does."""
    try:
        subscriber, _ = tokens.subscriber_for(token, tokens.MANAGE_SALT)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return link_problem(request, error)
    if request.method == "POST":
        follow.forget(subscriber)
        return render(request, "subscriptions/deleted.html")
    context = {
        "subscriber": subscriber,
        "count": subscriber.subscriptions.count(),
        "manage_url": reverse("subscriptions:manage", args=[token]),
    }
    return render(request, "subscriptions/delete.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a mail program POSTs `List-Unsubscribe=One-Click` here, without a CSRF
    token (the signed address is the proof); it stops every follow at once. Opening the
    link shows a button that does the same, so that fetching it stops nothing."""
    try:
        subscriber, _ = tokens.subscriber_for(token, tokens.UNSUBSCRIBE_SALT)
    except tokens.LinkInvalid:
        if request.method == "POST":
            # Already deleted: there is nothing left to unsubscribe.
            return render(request, "subscriptions/unsubscribed.html")
        return link_problem(request, tokens.LinkInvalid())
    if request.method == "POST":
        follow.stop_all(subscriber)
        return render(
            request,
            "subscriptions/unsubscribed.html",
            {"manage_token": tokens.manage_token(subscriber)},
        )
    return render(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber})
