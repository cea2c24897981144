"""Readers find the form from "Be part of XRAYS" on every article and the home page; the
article page stays the same for every reader (cacheable, no token); and nothing a
reader sends ever appears on a public page, in search or in a feed."""

from suggestions import services

SECRET_WHY = "Zanzibar-unique-why-text that only the editors may read"
SECRET_LINK = "https://example.org/zanzibar-unique-story"


def test_a_reader_finds_the_suggest_link_under_be_part_of_xrays_on_the_article_page(
    client, published_article
):
    page = client.get(f"/articles/{published_article.slug}/").content.decode()
    assert '<section class="take-part" aria-labelledby="take-part-heading">' in page
    assert '<h2 id="take-part-heading">Be part of XRAYS</h2>' in page
    assert (
        f'<li><a href="/suggest/?from={published_article.slug}">Suggest a news story for us to review</a></li>'
        in page
    )
    assert "csrfmiddlewaretoken" not in page  # the article page stays cacheable
    # Before the back link at the end, after the article.
    assert page.index("take-part-heading") > page.index("</article>")


def test_the_home_page_has_the_box_too_and_spanish_pages_link_to_the_spanish_form(client, published_article):
    home = client.get("/").content.decode()
    assert "Be part of XRAYS" in home and '<li><a href="/suggest/">' in home
    assert "csrfmiddlewaretoken" not in home
    spanish_home = client.get("/es/").content.decode()
    assert 'href="/es/suggest/"' in spanish_home


def test_a_staff_preview_has_no_box(client, editor, published_article):
    client.force_login(editor)
    preview = client.get(f"/admin/articles/article/{published_article.pk}/preview/").content.decode()
    assert "take-part-heading" not in preview


def test_the_article_page_is_the_same_for_every_reader_and_is_cached(client, published_article):
    first = client.get(f"/articles/{published_article.slug}/")
    second = client.get(f"/articles/{published_article.slug}/")
    assert first.content == second.content
    assert "public" in first["Cache-Control"]


def test_nothing_a_reader_sends_appears_publicly(client, published_article, editor):
    services.receive_suggestion(
        link=SECRET_LINK,
        why=SECRET_WHY,
        email="secret-reader@example.org",
        language="en",
        came_from="early-spread",
    )
    accepted = services.receive_suggestion(link=SECRET_LINK + "-2", why=SECRET_WHY, language="en")
    services.accept_suggestion(accepted, by=editor)
    pages = [
        "/",
        f"/articles/{published_article.slug}/",
        f"/articles/{published_article.slug}/print/",
        "/search/?q=editors+may+read",  # words of the reader's text, but not the one looked for below
        "/search/?q=unique-story",
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/sitemap.xml",
        "/suggest/",
        "/suggest/thanks/",
        "/es/",
    ]
    for path in pages:
        body = client.get(path).content.decode()
        assert "Zanzibar" not in body and "zanzibar" not in body, path
        assert "secret-reader" not in body, path
