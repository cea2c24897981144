"""Other apps add to named places on the live article page (articles/extensions.py).

The tests install an app of their own, tests/extension_app, that fills both places with
no edit to `articles`."""

import pytest
from django.db import connection
from django.template import TemplateDoesNotExist
from django.test.utils import CaptureQueriesContext

from articles import extensions
from tests import factories
from tests.extension_app.models import Highlight

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(published_article):
    Highlight.objects.create(article=published_article, text="Researchers are recruiting now.")
    return published_article


def test_the_live_page_shows_what_other_apps_add_after_the_header_and_after_the_article(client, live):
    html = client.get(f"/articles/{live.slug}/").content.decode()
    follow = html.index('class="extension-follow"')
    # With the article's actions, after its sections (issue 18: the article starts on a phone's first screen).
    assert html.index('class="article-section"') < html.index('class="article-actions"') < follow
    assert f'href="/extension/follow/?article={live.slug}"' in html
    highlight = html.index("Researchers are recruiting now.")
    assert html.index('id="references"') < highlight < html.index("</article>")


def test_previews_and_preview_links_show_no_contribution(admin_client, client, live):
    preview = admin_client.get(f"/admin/articles/article/{live.pk}/preview/").content.decode()
    assert "Preview: not published" in preview
    assert "extension-follow" not in preview and "Researchers are recruiting" not in preview

    from articles.models import PreviewLink
    from articles.snapshot import snapshot
    from articles.workflow.previews import preview_token

    link = PreviewLink.objects.create(
        article=live,
        content=snapshot(live),
        recipient="Dr. Ruiz",
        created_by=factories.editor(username="sharer"),
        expires_at="2999-01-01T00:00:00Z",
    )
    shared = client.get(f"/preview/{preview_token(link)}/").content.decode()
    assert "shared with Dr. Ruiz" in shared
    assert "extension-follow" not in shared and "Researchers are recruiting" not in shared


def test_the_print_view_shows_no_call_to_action(client, live):
    html = client.get(f"/articles/{live.slug}/print/").content.decode()
    assert "extension-follow" not in html


def test_a_contribution_is_the_same_for_every_reader_and_holds_no_token(client, admin_client, live):
    """Rendered without the request: no CSRF token, no user, nothing per reader."""
    probe = "extension_app/token_probe.html"
    extensions.add_to_article_page(extensions.AFTER_HEADER, probe)
    try:
        anonymous = client.get(f"/articles/{live.slug}/")
        staff = admin_client.get(f"/articles/{live.slug}/")
    finally:
        extensions.remove_from_article_page(extensions.AFTER_HEADER, probe)
    assert '<p class="probe">[][][]</p>' in anonymous.content.decode()
    assert '<p class="probe">[][][]</p>' in staff.content.decode()
    assert "csrftoken" not in anonymous.cookies and "sessionid" not in anonymous.cookies


def test_a_contribution_adds_a_fixed_number_of_queries(client, publish):
    small = factories.full_article(n_items=1, slug="small")
    large = factories.full_article(n_items=8, slug="large")
    for article in (small, large):
        publish(article)
        Highlight.objects.create(article=article, text="Note")
    counts = []
    for slug in ("small", "large"):
        client.get(f"/articles/{slug}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/articles/{slug}/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_place_is_refused():
    with pytest.raises(ValueError, match="after_header"):
        extensions.add_to_article_page("sidebar", "x.html")


def test_adding_the_same_template_again_replaces_it():
    before = extensions.contributions(extensions.AFTER_HEADER)
    extensions.add_to_article_page(extensions.AFTER_HEADER, "extension_app/follow_link.html")
    assert extensions.contributions(extensions.AFTER_HEADER) == before


def test_a_missing_template_fails_loudly_rather_than_silently(live):
    extensions.add_to_article_page(extensions.AFTER_ARTICLE, "no/such/template.html")
    try:
        with pytest.raises(TemplateDoesNotExist):
            extensions.render_place(extensions.AFTER_ARTICLE, live.live_version, None)
    finally:
        extensions.remove_from_article_page(extensions.AFTER_ARTICLE, "no/such/template.html")


def test_the_home_and_audience_pages_show_what_other_apps_add_to_listings(client, published_article):
    template = "extension_app/listing_note.html"
    extensions.add_to_listing_pages(
        extensions.LISTING,
        template,
        get_context=lambda audience: {"shout": audience.name.upper() if audience else "ALL"},
    )
    try:
        audience = published_article.relevant_for.first()
        assert '<p class="listing-note">ALL</p>' in client.get("/").content.decode()
        page = client.get(f"/audiences/{audience.slug}/").content.decode()
        assert f'<p class="listing-note">{audience.name.upper()}</p>' in page
        filtered = client.get(f"/?audience={audience.slug}").content.decode()
        assert f'<p class="listing-note">{audience.name.upper()}</p>' in filtered
    finally:
        extensions.remove_from_article_page(extensions.LISTING, template)
    # Contributions are made at start-up, not while pages are served: clear the page
    # cache, as a restart would, to see the home page without it.
    from django.core.cache import caches

    caches["pages"].clear()
    assert "listing-note" not in client.get("/").content.decode()


def test_listing_places_are_named():
    with pytest.raises(ValueError, match="No place 'sidebar' on listing pages"):
        extensions.add_to_listing_pages("sidebar", "x.html")
