"""Public pages: follow (one email field), confirm (a button, so that mail scanners
fetching the link confirm nothing), manage (a signed link in every email) and the
one-click unsubscribe of RFC 8058."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from articles.models import Article
from audiences.models import Audience
from subscriptions import follow, tokens
from subscriptions.forms import FollowForm
from subscriptions.models import Subscription


def follow_rate(group, request):
    return settings.SUBSCRIBE_RATE


def follow_page(request, *, what, article=None, audience=None):
    form = FollowForm(request.POST) if request.method == "POST" else FollowForm()
    if request.method == "POST" and form.is_valid():
        # The same answer, known address or not, robot or not.
        if not form.is_robot():
            frequency = form.cleaned_data.get("frequency") or "each"
            follow.follow(form.cleaned_data["email"], article=article, audience=audience, frequency=frequency)
        return redirect("subscriptions:check_inbox")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "what": what, "article": article, "audience": audience}
    return render(request, "subscriptions/follow.html", context, status=status)


# One count per client across the three follow pages.
throttled = ratelimit(group="subscriptions.follow", key="ip", rate=follow_rate, method=["POST"], block=True)


@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_site(request):
    return follow_page(request, what="all new articles on XRAYS")


@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_article(request, slug):
    article = (
        Article.objects.filter(live_version__slug=slug, live_version__isnull=False)
        .select_related("live_version")
        .first()
    )
    if article is None:
        raise Http404("No published article at this address.")
    return follow_page(request, what=f"updates to “{article.live_version.title}”", article=article)


@require_http_methods(["GET", "HEAD", "POST"])
@throttled
def follow_audience(request, slug):
    audience = get_object_or_404(Audience, slug=slug)
    return follow_page(request, what=f"new articles for {audience.name}", audience=audience)


@require_safe
def check_inbox(request):
    return render(request, "subscriptions/check_inbox.html")


def link_problem(request, error):
    expired = isinstance(error, tokens.LinkExpired)
    return render(
        request,
        "subscriptions/link_problem.html",
        {"expired": expired, "days": tokens.CONFIRMATION_MAX_AGE.days},
        status=410 if expired else 404,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscriber, payload = tokens.subscriber_for(
            token, tokens.CONFIRM_SALT, max_age=tokens.CONFIRMATION_MAX_AGE
        )
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return link_problem(request, error)
    subscription = (
        Subscription.objects.filter(subscriber=subscriber, pk=payload.get("f"))
        .select_related("article__live_version", "audience")
        .first()
    )
    if subscription is None:
        return link_problem(request, tokens.LinkInvalid())
    if request.method == "POST":
        follow.confirm(subscription)
        return redirect("subscriptions:manage", tokens.manage_token(subscriber))
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


DONE = {
    "all": "You no longer follow anything. We will not email you again unless you follow something.",
    "one": "Stopped: you no longer get emails about that.",
}


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber, _ = tokens.subscriber_for(token, tokens.MANAGE_SALT)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return link_problem(request, error)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            follow.forget(subscriber)
            return render(request, "subscriptions/deleted.html")
        if action == "stop_all":
            follow.stop_all(subscriber)
        elif action == "stop":
            try:
                follow.stop(subscriber, int(request.POST.get("subscription", "")))
            except ValueError:
                return render(request, "400.html", status=400)
        else:
            return render(request, "400.html", status=400)
        # No session: what was done travels in the address of the page shown next.
        return redirect(f"{request.path}?done={'all' if action == 'stop_all' else 'one'}")
    follows = subscriber.subscriptions.select_related("article__live_version", "audience")
    done = DONE.get(request.GET.get("done", ""))
    return render(
        request,
        "subscriptions/manage.html",
        {"subscriber": subscriber, "follows": follows, "done": done, "token": token},
    )


@csrf_exempt
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
