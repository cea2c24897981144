"""WCAG 2.2 AA checks by axe-core on every kind of public page, in Chromium."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

PAGES = [
    "/",
    "/?audience=people-with-breast-cancer",
    "/?audience=people-with-breast-cancer&rating=timeline:pre-clinical&type=article_review",
    "/?rating=timeline:someday",
    "/articles/does-metastasis-happen-earlier/",
    "/articles/does-metastasis-happen-earlier/print/",
    "/articles/does-metastasis-happen-earlier/visit-sheet/",
    "/audiences/people-with-breast-cancer/",
    "/glossary/",
    "/search/?q=metastasis",
    "/search/?q=metastasis&rating=science:low",
    "/search/?q=nothing-matches-this",
    "/articles/no-such-article/",
    "/surveys/brief-survey/?article=does-metastasis-happen-earlier",
    "/surveys/brief-survey/thanks/?article=does-metastasis-happen-earlier",
]


def test_public_pages_have_no_wcag_violations(live_server, page, demo_content):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reports = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}\n{report}" for path, report in reports.items())


def test_article_page_has_no_violations_with_the_glossary_pop_up_open(live_server, page, demo_content):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + "/articles/does-metastasis-happen-earlier/")
    page.locator(".term-link").first.focus()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def subscription_pages():
    """Every page of the subscriptions app, with working links for the example article."""
    from articles.models import Article
    from subscriptions import follow, tokens

    article = Article.objects.get(slug="does-metastasis-happen-earlier")
    subscription = follow.follow("reader@example.org", article=article)
    subscriber = subscription.subscriber
    follow.follow("reader@example.org")
    return [
        "/subscriptions/follow/article/does-metastasis-happen-earlier/",
        "/subscriptions/follow/audience/people-with-breast-cancer/",
        "/subscriptions/follow/",
        "/subscriptions/check-your-inbox/",
        f"/subscriptions/confirm/{tokens.confirmation_token(subscription)}/",
        f"/subscriptions/manage/{tokens.manage_token(subscriber)}/",
        f"/subscriptions/unsubscribe/{tokens.unsubscribe_token(subscriber)}/",
        "/subscriptions/manage/not-a-valid-link/",
    ]


def test_subscription_pages_have_no_wcag_violations(live_server, page, demo_content):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reports = {}
    for path in subscription_pages():
        page.goto(live_server.url + path)
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            reports[path] = results.generate_report()
    # The follow form with its errors shown.
    page.goto(live_server.url + "/subscriptions/follow/")
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Send me the confirmation link").click()
    results = axe.run(page, options=WCAG_AA)
    if results.violations_count:
        reports["follow form with errors"] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}\n{report}" for path, report in reports.items())


def test_survey_pages_have_no_violations_with_errors_shown_or_closed(live_server, page, demo_content):
    """The survey form re-shown with its errors, and the page of a closed survey."""
    from axe_playwright_python.sync_playwright import Axe

    from surveys.models import Survey

    axe = Axe()
    page.goto(live_server.url + "/surveys/brief-survey/?article=does-metastasis-happen-earlier")
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("alert").is_visible()
    results = axe.run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

    Survey.objects.filter(slug="brief-survey").update(is_open=False)
    page.goto(live_server.url + "/surveys/brief-survey/?article=does-metastasis-happen-earlier")
    assert page.get_by_role("heading", name="This survey is closed").is_visible()
    results = axe.run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_a_superseded_page_and_its_banner_have_no_violations(live_server, page, demo_content):
    from axe_playwright_python.sync_playwright import Axe
    from django.contrib.auth import get_user_model

    from articles import workflow
    from articles.models import Article
    from tests import factories

    author, reviewer, editor = (
        get_user_model().objects.get(username=name) for name in ("author", "reviewer", "editor")
    )
    newer = factories.full_article(title="Early spread confirmed in people", slug="early-spread-confirmed")
    workflow.submit_for_review(newer, by=author)
    workflow.approve(newer, by=reviewer)
    workflow.publish(newer, by=editor)
    old = Article.objects.get(slug="does-metastasis-happen-earlier")
    workflow.supersede(old, by=editor, newer=newer, note="A study in people has since reported.")
    workflow.approve(old, by=reviewer)
    workflow.publish(old, by=editor)

    axe = Axe()
    reports = {}
    for path in [
        "/articles/does-metastasis-happen-earlier/",
        "/articles/does-metastasis-happen-earlier/print/",
        "/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator(".superseded-banner, .card-superseded").first.is_visible(), path
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}\n{report}" for path, report in reports.items())
