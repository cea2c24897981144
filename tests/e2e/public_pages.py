"""Every public page a reader can reach, in one list, for the browser checks that must
hold on all of them (axe in test_accessibility.py, reflow in test_reflow.py).

A page is a name (what a failure calls it), an address made with `reverse` (a page not
built yet has no URL name: it is skipped, saying so, rather than failing on a guessed
address), and optionally what the reader does once it is open (send a form with a
mistake, tap a glossary word) so that states a reader meets only after acting are
checked too. Token-bearing pages make their own follower, so that no page depends on
another having been visited; pages that change what other pages show (a survey closed,
an article superseded) are marked and visited last.

To add a page: append a `PublicPage` to PUBLIC_PAGES. The demo content
(tests/e2e/conftest.py's demo_content) is loaded when addresses are made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from articles import demo, demo_es

if TYPE_CHECKING:
    from django.http import HttpResponse
    from playwright.sync_api import Page

AUDIENCE = "people-with-breast-cancer"
NEWER_SLUG = "early-spread-confirmed"
# Pages that repeat the reader's address must wrap it on a narrow phone.
LONG_ADDRESS = "a-rather-long-address-for-a-narrow-phone-screen@an-example-hospital-domain.example.org"


@dataclass(frozen=True)
class PublicPage:
    name: str
    # The address, made when the page is visited (it may create what it needs: a
    # follower and their signed link). Raises NoReverseMatch for a page not built yet.
    address: Callable[[], str]
    # What the reader does once the page is open; the page checked is the one it ends on.
    act: Callable[[Page], None] | None = None
    # What shows only in the state named (a Playwright selector), so that a page which
    # quietly stopped reaching it fails rather than checking another page twice.
    shows: str = ""
    # The status the address answers (a page reached only through an error says so).
    status: int = 200
    # Pages a reader meets only when something goes wrong on our side (a 500, a
    # throttle): the browser is handed the response Django's own view makes for it, at
    # the site's address, instead of breaking the site or exhausting the shared
    # throttle other tests count on.
    response: Callable[[], HttpResponse] | None = None
    # It changes what other pages show: visited after every page that does not.
    changes_content: bool = False


def url(name: str, *args, **query) -> Callable[[], str]:
    def address() -> str:
        path = reverse(name, args=args)
        return f"{path}?{urlencode(query)}" if query else path

    return address


def raw(path: str) -> Callable[[], str]:
    """An address no `reverse` makes: a mistyped one, or one with bad characters."""
    return lambda: path


# Followers and their signed links ------------------------------------------------


def follower(email: str):
    """A reader who followed the example article and the whole site, not yet confirmed."""
    from articles.models import Article
    from subscriptions import follow

    article = Article.objects.get(slug=demo.SLUG)
    subscription = follow.follow(email, article=article)
    follow.follow(email)
    return subscription


def confirm_link(email: str) -> Callable[[], str]:
    def address() -> str:
        from subscriptions import tokens

        return reverse("subscriptions:confirm", args=[tokens.confirmation_token(follower(email))])

    return address


def signed_link(name: str, email: str, token_for: str) -> Callable[[], str]:
    def address() -> str:
        from subscriptions import tokens

        subscriber = follower(email).subscriber
        return reverse(name, args=[getattr(tokens, token_for)(subscriber)])

    return address


def suggestion_unsubscribe_link(email: str) -> Callable[[], str]:
    """The erase-my-address link of the email about a reader's story suggestion."""

    def address() -> str:
        from suggestions import services, tokens

        suggestion = services.receive_suggestion(
            link="https://example.org/a-story", why="It matters to me.", email=email, language="en"
        )
        return reverse("suggestions:unsubscribe", args=[tokens.unsubscribe_token(suggestion)])

    return address


def with_stopped(address: Callable[[], str], what: str) -> Callable[[], str]:
    return lambda: f"{address()}?{urlencode({'stopped': what})}"


# What readers do on a page -------------------------------------------------------


def follow_with(email: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_label("Your email address").fill(email)
        page.get_by_role("button", name="Send me the confirmation link").click()
        page.wait_for_load_state()

    return act


def click(button: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()

    return act


def open_a_glossary_word(page: Page) -> None:
    """Tapped (or clicked) open, with its link to the glossary, not only previewed."""
    from playwright.sync_api import expect

    term = page.locator(".term").first
    term.locator(".term-link").click()
    expect(term.locator(".term-definition")).to_be_visible()
    assert "/glossary/" not in page.url, "a glossary word opened the glossary instead of its meaning"


def focus_a_glossary_word(page: Page) -> None:
    """Reached with the keyboard: the definition shows as a preview."""
    from playwright.sync_api import expect

    term = page.locator(".term").first
    term.locator(".term-link").focus()
    expect(term.locator(".term-definition")).to_be_visible()


def open_every_fold(page: Page) -> None:
    """Open every folded part of the page ("At a glance", the contents, the filters)."""
    # On a wide screen some folds show open without their summary: nothing to tap.
    folded = page.locator("main details:not([open]) > summary").filter(visible=True)
    for _ in range(20):  # each click opens one; the locator then finds the next
        if not folded.count():
            return
        folded.first.click()


def open_the_header_search(page: Page) -> None:
    """The header's "Search" button (a phone, with JavaScript) shows the search form."""
    from playwright.sync_api import expect

    banner = page.get_by_role("banner")
    toggle = banner.locator("button[aria-expanded]", has_text="Search")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    # Opened by the button, or shown without one on a wide screen.
    expect(banner.get_by_role("searchbox")).to_be_visible()


def answer_the_survey_then_open_it_again(page: Page) -> None:
    address = page.url
    for question in page.locator("fieldset.question").all():
        question.locator("input").first.check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    page.goto(address)


# Pages that change what others show ------------------------------------------------


def closed_survey() -> str:
    from surveys.models import Survey

    Survey.objects.filter(slug="brief-survey").update(is_open=False)
    return url("surveys:answer", "brief-survey", article=demo.SLUG)()


def superseded(address: Callable[[], str]) -> Callable[[], str]:
    """The example article superseded by a newer review (done once; later pages reuse it)."""

    def make() -> str:
        from django.contrib.auth import get_user_model

        from articles import workflow
        from articles.models import Article
        from tests import factories

        if not Article.objects.filter(slug=NEWER_SLUG).exists():
            author, reviewer, editor = (
                get_user_model().objects.get(username=name) for name in ("author", "reviewer", "editor")
            )
            newer = factories.full_article(title="Early spread confirmed in people", slug=NEWER_SLUG)
            workflow.submit_for_review(newer, by=author)
            workflow.approve(newer, by=reviewer)
            workflow.publish(newer, by=editor)
            old = Article.objects.get(slug=demo.SLUG)
            workflow.supersede(old, by=editor, newer=newer, note="A study in people has since reported.")
            workflow.approve(old, by=reviewer)
            workflow.publish(old, by=editor)
        return address()

    return make


def shared_preview() -> str:
    """A draft shown to an outside expert through a signed link an editor made."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from articles import workflow
    from articles.workflow.previews import preview_token
    from tests import factories

    draft = factories.full_article(title="A draft under outside review", slug="a-draft-under-review")
    link = workflow.share_preview(
        draft,
        by=get_user_model().objects.get(username="editor"),
        recipient="Dr. Ana Ruiz",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return reverse("articles:shared_preview", args=[preview_token(link)])


# Responses a reader meets only when something goes wrong -------------------------


def server_error() -> HttpResponse:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    return server_error(RequestFactory().get("/"))


def throttled() -> HttpResponse:
    from django.test import RequestFactory

    from xrays.throttle import throttled

    return throttled(RequestFactory().get(reverse("subscriptions:follow_site")), None)


# Pages in Spanish ------------------------------------------------------------------
# The demo content holds the example article's Spanish translation (articles/demo_es.py).

UNTRANSLATED_SLUG = "an-article-not-yet-translated"


def in_spanish(address: Callable[[], str]) -> Callable[[], str]:
    """The address in the Spanish interface (/es/…)."""

    def make() -> str:
        from django.utils import translation

        with translation.override("es"):
            return address()

    return make


def demo_staff():
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.get(username=name) for name in ("author", "reviewer", "editor"))


def untranslated(address: Callable[[], str]) -> Callable[[], str]:
    """An English article with no Spanish translation yet (made once; later pages reuse
    it): a Spanish reader meets it in English, in the Spanish interface, with a notice."""

    def make() -> str:
        from articles import workflow
        from articles.models import Article
        from tests import factories

        if not Article.objects.filter(slug=UNTRANSLATED_SLUG).exists():
            author, reviewer, editor = demo_staff()
            article = factories.full_article(
                n_items=2, title="A study not yet translated into Spanish", slug=UNTRANSLATED_SLUG
            )
            workflow.submit_for_review(article, by=author)
            workflow.approve(article, by=reviewer)
            workflow.publish(article, by=editor)
        return address()

    return make


def english_updated_since_translated(address: Callable[[], str]) -> Callable[[], str]:
    """The example article published again in English after its translation was made
    (done once): the Spanish page says so until the translation is brought up to date."""

    def make() -> str:
        from articles import workflow
        from articles.models import Article
        from articles.translations import is_out_of_date

        if not is_out_of_date(Article.objects.get(slug=demo_es.SLUG)):
            author, reviewer, editor = demo_staff()
            english = Article.objects.get(slug=demo.SLUG)
            section = english.sections.first()
            section.body += "<p>A larger study has since reported the same.</p>"
            section.save()
            workflow.submit_for_review(english, by=author)
            workflow.approve(english, by=reviewer)
            workflow.publish(english, by=editor, change_summary="Added the larger study.")
        return address()

    return make


def review_overdue(view: str) -> Callable[[], str]:
    """An article whose review by the Scientific Advisory Board is overdue (made once;
    later pages reuse it): its page says the review is being checked again."""

    def make() -> str:
        import datetime

        from articles import workflow
        from articles.models import Article
        from tests import factories

        if not Article.objects.filter(slug=REVIEW_OVERDUE_SLUG).exists():
            author, reviewer, editor = demo_staff()
            article = factories.full_article(
                n_items=2, title="A review the Board is checking again", slug=REVIEW_OVERDUE_SLUG
            )
            workflow.submit_for_review(article, by=author)
            workflow.approve(article, by=reviewer)
            workflow.publish(article, by=editor)
            Article.objects.filter(pk=article.pk).update(reviewed_on=datetime.date(2020, 1, 31))
        return url(view, REVIEW_OVERDUE_SLUG)()

    return make


REVIEW_OVERDUE_SLUG = "a-review-being-checked-again"
SPANISH_ARTICLE = in_spanish(url("articles:detail", demo_es.SLUG))


ARTICLE = url("articles:detail", demo.SLUG)

PUBLIC_PAGES = [
    PublicPage("home", url("articles:home")),
    PublicPage("home, filters opened", url("articles:home"), act=open_every_fold),
    PublicPage("home, the header's search opened", url("articles:home"), act=open_the_header_search),
    PublicPage("home, one audience", url("articles:home", audience=AUDIENCE)),
    PublicPage(
        "home, audience, type and rating filters",
        url("articles:home", audience=AUDIENCE, rating="timeline:pre-clinical", type="article_review"),
    ),
    PublicPage(
        "home, two audiences, two types and a range of years",
        url(
            "articles:home",
            audience=[AUDIENCE, "people-with-her2-positive-cancer"],
            type=["article_review", "study_review"],
            **{"from": "2017", "to": "2017"},
        ),
    ),
    PublicPage("home, a filter no article matches", url("articles:home", rating="timeline:someday")),
    # Answered alike everywhere: a friendly notice, never a 404 (issue 18, item 7).
    PublicPage("home, an unknown audience", url("articles:home", audience="no-such-audience")),
    PublicPage("audience page", url("audience_detail", AUDIENCE)),
    PublicPage("article", ARTICLE),
    PublicPage("article, a glossary word open", ARTICLE, act=open_a_glossary_word),
    PublicPage("article, a glossary word focused", ARTICLE, act=focus_a_glossary_word),
    PublicPage("article, every fold opened", ARTICLE, act=open_every_fold),
    PublicPage("printer-friendly page", url("articles:print", demo.SLUG)),
    PublicPage("article whose review is overdue", review_overdue("articles:detail"), shows=".review-notice"),
    PublicPage(
        "printer-friendly page of an article whose review is overdue",
        review_overdue("articles:print"),
        shows=".review-notice",
    ),
    PublicPage("doctor-visit sheet", url("articles:visit_sheet", demo.SLUG)),
    PublicPage("review history", url("articles:history", demo.SLUG), shows=".history-entry"),
    PublicPage("glossary", url("glossary:index")),
    PublicPage("search, no words yet", url("articles:search")),
    PublicPage("search with results", url("articles:search", q="metastasis")),
    PublicPage(
        "search with results and a filter", url("articles:search", q="metastasis", rating="science:low")
    ),
    PublicPage(
        "search with results, audience and type filters",
        url("articles:search", q="metastasis", audience=AUDIENCE, type="article_review"),
    ),
    PublicPage("search with zero results", url("articles:search", q="nothing-matches-this")),
    PublicPage(
        "search with zero results and filters",
        url("articles:search", q="metastasis", audience=AUDIENCE, rating="timeline:someday"),
    ),
    PublicPage("follow the article", url("subscriptions:follow_article", demo.SLUG)),
    PublicPage("follow an audience", url("subscriptions:follow_audience", AUDIENCE)),
    PublicPage("follow all of XRAYS", url("subscriptions:follow_site")),
    PublicPage(
        "follow form with its errors shown",
        url("subscriptions:follow_site"),
        act=follow_with("not an address"),
        shows="[role=alert]",
    ),
    PublicPage(
        "check your inbox, after following",
        url("subscriptions:follow_article", demo.SLUG),
        act=follow_with(LONG_ADDRESS),
    ),
    PublicPage("check your inbox, opened on its own", url("subscriptions:check_inbox")),
    PublicPage("confirm", confirm_link("confirm@example.org")),
    PublicPage(
        "confirmed: now following",
        confirm_link("confirmed@example.org"),
        act=click("Confirm"),
        shows="h1:has-text('now following')",
    ),
    PublicPage("manage my emails", signed_link("subscriptions:manage", LONG_ADDRESS, "manage_token")),
    PublicPage(
        "manage, after stopping one follow",
        with_stopped(
            signed_link("subscriptions:manage", "stopped@example.org", "manage_token"), f"article/{demo.SLUG}"
        ),
    ),
    PublicPage(
        "manage, after stopping everything",
        with_stopped(signed_link("subscriptions:manage", "stopped-all@example.org", "manage_token"), "all"),
    ),
    PublicPage(
        "delete my address: asked once more",
        signed_link("subscriptions:delete", "delete@example.org", "manage_token"),
    ),
    PublicPage(
        "address deleted",
        signed_link("subscriptions:delete", "deleted@example.org", "manage_token"),
        act=click("Delete my address"),
        shows="h1:has-text('deleted')",
    ),
    PublicPage(
        "unsubscribe (one-click link)",
        signed_link("subscriptions:unsubscribe", LONG_ADDRESS, "unsubscribe_token"),
    ),
    PublicPage(
        "unsubscribed",
        signed_link("subscriptions:unsubscribe", "unsubscribed@example.org", "unsubscribe_token"),
        act=click("Stop all emails"),
        shows="h1:has-text('stopped')",
    ),
    PublicPage("a broken email link", url("subscriptions:manage", "not-a-valid-link"), status=404),
    PublicPage("survey", url("surveys:answer", "brief-survey", article=demo.SLUG)),
    PublicPage(
        "survey with its errors shown",
        url("surveys:answer", "brief-survey", article=demo.SLUG),
        act=click("Send my answers"),
        shows="[role=alert]",
    ),
    PublicPage("survey thanks", url("surveys:thanks", "brief-survey", article=demo.SLUG)),
    PublicPage(
        "survey, opened again after answering",
        url("surveys:answer", "brief-survey", article=demo.SLUG),
        act=answer_the_survey_then_open_it_again,
        shows="h1:has-text('already answered')",
    ),
    PublicPage("volunteer as a reviewer", url("volunteers:offer")),
    PublicPage(
        "volunteer form with its errors shown",
        url("volunteers:offer"),
        act=click("Send my offer"),
        shows="[role=alert]",
    ),
    PublicPage("volunteer thanks", url("volunteers:thanks")),
    PublicPage("Spanish volunteer page", in_spanish(url("volunteers:offer"))),
    PublicPage("suggest a news story", url("suggestions:suggest")),
    PublicPage("suggest a news story, from the article", url("suggestions:suggest", **{"from": demo.SLUG})),
    PublicPage(
        "suggestion form with its errors shown",
        url("suggestions:suggest"),
        act=click("Send my suggestion"),
        shows="[role=alert]",
    ),
    PublicPage("suggestion thanks", url("suggestions:thanks", **{"from": demo.SLUG})),
    PublicPage("Spanish suggestion page", in_spanish(url("suggestions:suggest"))),
    PublicPage("erase my address from my suggestions", suggestion_unsubscribe_link(LONG_ADDRESS)),
    PublicPage(
        "address erased from my suggestions",
        suggestion_unsubscribe_link("erased@example.org"),
        act=click("Erase my address"),
        shows="h1:has-text('erased')",
    ),
    PublicPage(
        "a broken suggestion email link", url("suggestions:unsubscribe", "not-a-valid-link"), status=404
    ),
    PublicPage("feeds explained", url("feeds")),
    PublicPage("shared preview of a draft", shared_preview, shows=".preview-banner"),
    PublicPage("page not found (404)", raw("/articles/no-such-article/"), status=404),
    PublicPage("Spanish home", in_spanish(url("articles:home"))),
    PublicPage("Spanish audience page", in_spanish(url("audience_detail", AUDIENCE))),
    PublicPage("Spanish article", SPANISH_ARTICLE),
    PublicPage("Spanish article, every fold opened", SPANISH_ARTICLE, act=open_every_fold),
    PublicPage("Spanish article, a glossary word open", SPANISH_ARTICLE, act=open_a_glossary_word),
    PublicPage("Spanish glossary", in_spanish(url("glossary:index"))),
    PublicPage("Spanish printer-friendly page", in_spanish(url("articles:print", demo_es.SLUG))),
    PublicPage("Spanish doctor-visit sheet", in_spanish(url("articles:visit_sheet", demo_es.SLUG))),
    PublicPage(
        "Spanish review history", in_spanish(url("articles:history", demo_es.SLUG)), shows=".history-entry"
    ),
    PublicPage("Spanish page not found (404)", raw("/es/articles/no-such-article/"), status=404),
    PublicPage("bad request (400)", raw("/?audience=%00"), status=400),
    PublicPage(
        "too many requests (429)",
        url("subscriptions:follow_site"),
        status=429,
        response=throttled,
        shows="h1:has-text('wait')",
    ),
    PublicPage("server error (500)", url("articles:home"), status=500, response=server_error),
    # Last: these change what the pages above show.
    PublicPage(
        "Spanish interface, an article not yet translated",
        untranslated(in_spanish(url("articles:detail", UNTRANSLATED_SLUG))),
        changes_content=True,
        shows=".translation-notice",
    ),
    PublicPage(
        "Spanish interface, an article not yet translated, printer-friendly page",
        untranslated(in_spanish(url("articles:print", UNTRANSLATED_SLUG))),
        changes_content=True,
        shows=".translation-notice",
    ),
    PublicPage(
        "Spanish interface, an article not yet translated, doctor-visit sheet",
        untranslated(in_spanish(url("articles:visit_sheet", UNTRANSLATED_SLUG))),
        changes_content=True,
        shows=".translation-notice",
    ),
    PublicPage(
        "Spanish home with an article not yet translated",
        untranslated(in_spanish(url("articles:home"))),
        changes_content=True,
        shows=".card-language",
    ),
    PublicPage(
        "Spanish article, English updated since",
        english_updated_since_translated(SPANISH_ARTICLE),
        changes_content=True,
        shows=".translation-notice",
    ),
    PublicPage(
        "Spanish printer-friendly page, English updated since",
        english_updated_since_translated(in_spanish(url("articles:print", demo_es.SLUG))),
        changes_content=True,
        shows=".translation-notice",
    ),
    PublicPage(
        "review history with the differences of an update",
        english_updated_since_translated(url("articles:history", demo.SLUG)),
        changes_content=True,
        shows=".history-change",
    ),
    PublicPage("survey closed", closed_survey, changes_content=True, shows="h1:has-text('closed')"),
    PublicPage("superseded article", superseded(ARTICLE), changes_content=True, shows=".superseded-banner"),
    PublicPage(
        "superseded article's printer-friendly page",
        superseded(url("articles:print", demo.SLUG)),
        changes_content=True,
        shows=".superseded-banner",
    ),
    PublicPage(
        "home with a superseded article",
        superseded(url("articles:home")),
        changes_content=True,
        shows=".card-superseded",
    ),
]


def in_visiting_order(pages=PUBLIC_PAGES) -> list[PublicPage]:
    return sorted(pages, key=lambda public_page: public_page.changes_content)


def open_public_page(page: Page, base: str, public_page: PublicPage) -> str:
    """Open `public_page` in `page` as a reader would and return its address; skip (in
    the caller's test or subtest) a page whose URL does not exist yet."""
    try:
        address = public_page.address()
    except NoReverseMatch as error:
        pytest.skip(f"{public_page.name}: not built yet ({error})")
    # Each page as a reader new to the site meets it: what an earlier page's act left
    # (a survey answered, a follow pending) is not carried over.
    page.context.clear_cookies()
    if public_page.response is not None:
        made = public_page.response()
        page.route(
            base + address,
            lambda route: route.fulfill(
                status=made.status_code, headers=dict(made.items()), body=made.content
            ),
        )
    try:
        answer = page.goto(base + address)
    finally:
        page.unroute_all()
    assert answer is not None and answer.status == public_page.status, (
        f"{public_page.name} ({address}) answered {answer.status if answer else 'nothing'}, "
        f"not {public_page.status}"
    )
    if public_page.act is not None:
        public_page.act(page)
    if public_page.shows:
        from playwright.sync_api import expect

        expect(
            page.locator(public_page.shows).first, f"{public_page.name}: nothing shows {public_page.shows}"
        ).to_be_visible()
    return address
