"""What the follow pages say about the thing followed, and how "Check your inbox" knows
the address a reader just typed.

Every page of the journey (follow, check your inbox, confirmed, stopped) names the same
thing the same way and leads back to the same page: a `Target`, made from the follow
page's address, from a follow, or from what a stop left in the manage page's address.

The typed address must reach "Check your inbox" (so that a typo can be spotted) without
ever being in an address (logged, cached, kept in the history) and without a session: a
session cookie would take the reader out of the page cache for the rest of the visit
(xrays/page_cache.py, and nginx bypasses its cache for it). So the follow form's answer
sets a short-lived signed cookie, HttpOnly and scoped to /subscriptions/, that only the
follow pages read; the pages that read it are never kept by any cache (never_cache).
The page is the same whether or not the address was known: it only repeats what was
typed."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from audiences.models import Audience
from subscriptions.models import Subscription

SITE, ARTICLE, AUDIENCE = "site", "article", "audience"
PENDING_COOKIE = "xrays_follow_pending"
PENDING_SALT = "subscriptions.pending"
# Long enough to read the page, go to the inbox and come back to fix a typo; short, as
# the address sits on the device (a shared one, perhaps) until then.
PENDING_SECONDS = 30 * 60


@dataclass(frozen=True)
class Target:
    """One thing a reader can follow, in the words every page of the journey uses."""

    kind: str
    slug: str
    what: str  # "updates to “Title”": after "Get emails about"
    name: str  # "“Title”", "new articles for Carers", "all of XRAYS": after "You're now following"
    back_url: str
    back_label: str

    @property
    def follow_url(self) -> str:
        if self.kind == SITE:
            return reverse("subscriptions:follow_site")
        return reverse(f"subscriptions:follow_{self.kind}", args=[self.slug])

    @property
    def key(self) -> str:
        """How a stop names this in the manage page's address: "article/<slug>"."""
        return self.kind if self.kind == SITE else f"{self.kind}/{self.slug}"


def site_target() -> Target:
    return Target(
        SITE,
        "",
        _("all new articles on XRAYS"),
        _("all of XRAYS"),
        reverse("articles:home"),
        _("Back to XRAYS home"),
    )


def article_target(article: Article) -> Target:
    """The article as readers know it now; one no longer published leads home."""
    live = article.live_version
    title = live.title if live else article.title
    what = _("updates to “%(title)s”") % {"title": title}
    name = _("“%(title)s”") % {"title": title}
    if live is None:
        return Target(ARTICLE, "", what, name, *home_link())
    return Target(ARTICLE, live.slug, what, name, live.get_absolute_url(), _("Back to the article"))


def audience_target(audience: Audience) -> Target:
    what = _("new articles for %(audience)s") % {"audience": audience.name}
    return Target(
        AUDIENCE,
        audience.slug,
        what,
        what,
        reverse("audience_detail", args=[audience.slug]),
        _("Back to articles for %(audience)s") % {"audience": audience.name},
    )


def home_link() -> tuple[str, str]:
    return reverse("articles:home"), _("Back to XRAYS home")


def live_article(slug: str) -> Article | None:
    return (
        Article.objects.filter(live_version__slug=slug, live_version__isnull=False)
        .select_related("live_version")
        .first()
    )


def target_named(kind: str, slug: str = "") -> Target | None:
    """The target of kind and slug, or None if there is none (any more)."""
    if kind == SITE:
        return site_target()
    if kind == ARTICLE and slug and (article := live_article(slug)):
        return article_target(article)
    if kind == AUDIENCE and slug and (audience := Audience.objects.filter(slug=slug).first()):
        return audience_target(audience)
    return None


def target_from_key(key: str) -> Target | None:
    kind, _, slug = key.partition("/")
    return target_named(kind, slug)


def target_of(subscription: Subscription) -> Target:
    if subscription.article_id:
        return article_target(subscription.article)
    if subscription.audience_id:
        return audience_target(subscription.audience)
    return site_target()


# The follow pages' cookie --------------------------------------------------------


def cookie_path() -> str:
    """/subscriptions/ (or wherever the app is mounted): the follow pages and "Check
    your inbox" get the cookie, no other page does."""
    return reverse("subscriptions:check_inbox").rstrip("/").rsplit("/", 1)[0] + "/"


def remember_pending(response: HttpResponse, *, email: str, target: Target, frequency: str) -> None:
    response.set_cookie(
        PENDING_COOKIE,
        signing.dumps({"e": email, "t": target.key, "f": frequency}, salt=PENDING_SALT, compress=True),
        max_age=PENDING_SECONDS,
        path=cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass(frozen=True)
class Pending:
    email: str
    target: Target | None
    frequency: str


def pending(request: HttpRequest) -> Pending | None:
    """What the reader last typed into a follow form, if recent; None otherwise (no
    cookie, expired, tampered with)."""
    try:
        data = signing.loads(
            request.COOKIES.get(PENDING_COOKIE, ""), salt=PENDING_SALT, max_age=PENDING_SECONDS
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        return None
    return Pending(data["e"], target_from_key(str(data.get("t", ""))), str(data.get("f", "")))
