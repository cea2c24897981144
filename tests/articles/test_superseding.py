"""Superseded reviews: an editor marks a published review as replaced by a newer one;
the mark is reviewed like any change, and once published the old page stays online
with a banner, search engines and feeds are sent to the newer page, and followers are
told."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import workflow
from articles.admin.compare import compare
from articles.admin.forms import SupersedeForm
from articles.models import Article, WorkflowEvent
from articles.snapshot import snapshot
from subscriptions.models import Subscriber, Subscription
from tests import factories
from tests.subscriptions.conftest import run_worker
from tests.subscriptions.smtp import SMTPServer, text_of

pytestmark = pytest.mark.django_db

State = Article.State


@pytest.fixture
def older(publish):
    article = factories.full_article(title="Mice suggest early spread", slug="older")
    publish(article)
    article.refresh_from_db()
    return article


@pytest.fixture
def newer(publish):
    article = factories.full_article(title="Trial in people confirms early spread", slug="newer")
    publish(article)
    article.refresh_from_db()
    return article


def test_only_editors_mark_a_published_review_superseded_by_another_published_one(older, newer, editor):
    for person in [factories.author(), factories.reviewer()]:
        with pytest.raises(PermissionDenied, match="permission to mark articles superseded"):
            workflow.supersede(older, by=person, newer=newer)
    draft = factories.full_article(slug="unpublished")
    with pytest.raises(ValidationError, match="an article that is draft"):
        workflow.supersede(draft, by=editor, newer=newer)
    with pytest.raises(ValidationError, match="is not published"):
        workflow.supersede(older, by=editor, newer=draft)
    with pytest.raises(ValidationError, match="Choose another article"):
        workflow.supersede(older, by=editor, newer=older)
    older.refresh_from_db()
    assert older.state == State.PUBLISHED and older.superseded_by is None


def test_marking_sends_it_to_review_and_readers_see_nothing_until_it_is_published(
    client, older, newer, editor, reviewer
):
    workflow.supersede(older, by=editor, newer=newer, note="A trial in 1,200 people has since reported.")
    older.refresh_from_db()
    assert older.state == State.IN_REVIEW
    assert WorkflowEvent.objects.filter(article=older, action="superseded", actor=editor).exists()
    # Reviewers see it on compare, as any other change.
    changes = [c for c in compare(older.live_version.content, snapshot(older)) if c.changed]
    assert [c.label for c in changes] == ["Superseded by a newer review"]
    assert "Trial in people confirms early spread" in changes[0].html
    # The editor who marked it counts among its writers: another reviewer approves it.
    with pytest.raises(PermissionDenied):
        workflow.approve(older, by=editor)
    with pytest.raises(ValidationError):
        workflow.publish(older, by=editor)
    assert "A newer review replaces this one" not in client.get("/articles/older/").content.decode()
    with pytest.raises(ValidationError, match="an article that is in review"):
        workflow.supersede(older, by=editor, newer=newer)

    workflow.approve(older, by=reviewer)
    workflow.publish(older, by=editor)
    html = client.get("/articles/older/").content.decode()
    banner = html[html.index('<div class="superseded-banner"') :]
    banner = banner[: banner.index("</div>")]
    assert '<a href="/articles/newer/">Trial in people confirms early spread</a>' in banner
    assert "A trial in 1,200 people has since reported." in banner
    # At the top: before the article itself; and search engines are sent to the newer page.
    assert html.index("superseded-banner") < html.index('<article class="article"')
    assert re.search(r'<link rel="canonical" href="[^"]*/articles/newer/">', html)
    assert "A newer review replaces this one" in client.get("/articles/older/print/").content.decode()
    assert "Superseded by a newer review" in client.get("/").content.decode()


def published_superseded(older, newer, editor, reviewer, **kwargs):
    workflow.supersede(older, by=editor, newer=newer)
    workflow.approve(older, by=reviewer)
    return workflow.publish(older, by=editor, **kwargs)


def test_sitemap_and_feeds_point_to_the_newer_page(client, older, newer, editor, reviewer):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/articles/older/" in sitemap and "/articles/newer/" in sitemap
    published_superseded(older, newer, editor, reviewer)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/articles/older/" not in sitemap and "/articles/newer/" in sitemap
    feed = client.get("/feeds/articles/").content.decode()
    item = feed[feed.index("<title>Superseded: Mice suggest early spread</title>") :]
    item = item[: item.index("</item>")]
    assert re.search(r"<link>[^<]*/articles/newer/</link>", item)
    assert "/articles/older/" not in item


def test_the_old_page_stays_online(client, older, newer, editor, reviewer):
    published_superseded(older, newer, editor, reviewer)
    response = client.get("/articles/older/")
    assert response.status_code == 200
    assert "Mice suggest early spread" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_followers_are_told_even_if_the_editor_did_not_tick_notify(older, newer, editor, reviewer, settings):
    server = SMTPServer()
    server.start()
    try:
        settings.MAILERS = server.mailers
        reader = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
        Subscription.objects.create(subscriber=reader, article=older, confirmed_at=timezone.now())
        version = published_superseded(older, newer, editor, reviewer, notify_subscribers=False)
        assert version.change_summary.startswith("A newer review replaces this one: “Trial in people")
        run_worker()
        (message,) = server.inbox.to("reader@example.org")
    finally:
        server.stop()
    body = text_of(message)
    assert "Mice suggest early spread" in message["Subject"]
    assert "A newer review replaces this one" in body and "/articles/newer/" in body


def test_the_mark_can_be_taken_back_like_any_change(client, older, newer, editor, reviewer):
    # Before it reached readers: nothing is pending any more.
    workflow.supersede(older, by=editor, newer=newer)
    workflow.unsupersede(older, by=editor)
    older.refresh_from_db()
    assert older.state == State.PUBLISHED and older.superseded_by is None
    # After: a new review and publication take the banner away.
    published_superseded(older, newer, editor, reviewer)
    workflow.unsupersede(older, by=editor)
    older.refresh_from_db()
    assert older.state == State.DRAFT
    assert "superseded-banner" in client.get("/articles/older/").content.decode()
    workflow.submit_for_review(older, by=editor)
    workflow.approve(older, by=reviewer)
    workflow.publish(older, by=editor)
    assert "superseded-banner" not in client.get("/articles/older/").content.decode()
    assert "/articles/older/" in client.get("/sitemap.xml").content.decode()


def test_a_newer_review_withdrawn_meanwhile_stops_the_publication(older, newer, editor, reviewer):
    workflow.supersede(older, by=editor, newer=newer)
    workflow.approve(older, by=reviewer)
    workflow.withdraw(newer, by=editor, reason="Retracted")
    with pytest.raises(ValidationError, match="no longer published"):
        workflow.publish(older, by=editor)


def test_an_editor_marks_it_from_the_article_page(client, older, newer, editor):
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{older.pk}/change/").content.decode()
    assert "Mark superseded by a newer review" in page
    # The newest published reviews are suggested as the editor types; not this one.
    assert '<option value="Trial in people confirms early spread"></option>' in page
    assert '<option value="Mice suggest early spread"></option>' not in page
    assert 'aria-describedby="supersede-newer_helptext"' in page and 'id="supersede-newer_helptext"' in page
    url = f"/admin/articles/article/{older.pk}/workflow/supersede/"
    response = client.post(url, {"newer": "a review nobody wrote", "note": "Kept"}, follow=True)
    page = response.content.decode()
    assert "No other published review has this address or title." in page
    assert 'value="a review nobody wrote"' in page and "Kept</textarea>" in page  # what was typed stays
    response = client.post(
        url, {"newer": "trial in people", "note": "Trials in people reported."}, follow=True
    )
    assert "Marked superseded and sent for review" in response.content.decode()
    older.refresh_from_db()
    assert older.superseded_by == newer and older.state == State.IN_REVIEW


@pytest.mark.parametrize(
    "typed",
    [
        "http://127.0.0.1:8000/articles/newer/",
        "https://xrays.example.org/articles/newer/#what-it-means",
        "/articles/newer/print/",
        "newer",
        "  Trial in PEOPLE confirms   early spread ",
        "confirms early",
    ],
)
def test_the_newer_review_is_named_by_its_address_its_slug_or_its_title(older, newer, typed):
    form = SupersedeForm({"newer": typed}, article=older)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["newer"] == newer


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("/articles/older/", "No other published review"),  # itself
        ("/articles/draft-only/", "No other published review"),
        ("early spread", "Several published reviews match: “Early spread in mice, again” ("),
        ("x" * 501, "at most 500 characters"),
        ("trial\x00", "Null characters are not allowed."),
        ("/articles/ñandú/", "No other published review"),
        ("", "Name the newer review"),
    ],
)
def test_a_name_that_is_not_one_other_published_review_is_refused_with_a_reason(
    older, newer, publish, typed, error
):
    factories.full_article(title="Early spread draft", slug="draft-only")
    publish(factories.full_article(title="Early spread in mice, again", slug="mice-again"))
    form = SupersedeForm({"newer": typed}, article=older)
    assert not form.is_valid()
    assert error in " ".join(form.errors["newer"])


def test_the_form_suggests_only_the_newest_reviews_however_many_are_published(older, publish):
    for i in range(SupersedeForm.SUGGESTIONS + 3):
        publish(factories.full_article(title=f"Review number {i}", slug=f"review-{i}"))
    suggestions = SupersedeForm(article=older).fields["newer"].widget.suggestions
    assert len(suggestions) == SupersedeForm.SUGGESTIONS
    assert suggestions[0] == f"Review number {SupersedeForm.SUGGESTIONS + 2}"
