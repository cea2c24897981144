"""Site-wide pages: health check, robots, feeds, sitemap, error pages, demo content."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import path

from tests import factories

pytestmark = pytest.mark.django_db


def test_healthz_answers_after_a_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_503_in_plain_text_while_the_database_is_down(client):
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"database unavailable"
    assert "no-cache" in response["Cache-Control"]


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


def test_feeds_list_new_and_updated_articles(client, published_article, publish):
    rss = client.get("/feeds/articles/")
    assert rss.status_code == 200
    items = ET.fromstring(rss.content).findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Early spread of breast cancer"]

    section = published_article.sections.first()
    section.body = "<p>New evidence.</p>"
    section.save()
    publish(published_article, change_summary="Added new evidence")
    atom = client.get("/feeds/articles/atom/")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(atom.content).findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "Updated: Early spread of breast cancer"
    ]
    assert "Added new evidence" in entries[0].findtext("a:summary", namespaces=ns)
    assert entries[0].findtext("a:id", namespaces=ns).endswith("version-2")


class _Markup(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def test_feed_summaries_show_typed_markup_as_text_in_both_formats(client, publish):
    article = factories.full_article(
        slug="hostile", summary='Cells spread early. <img src=x onerror="alert(1)"><script>alert(2)</script>'
    )
    publish(article)
    section = article.sections.first()
    section.body = "<p>New evidence.</p>"
    section.save()
    publish(article, change_summary="Added <b onmouseover=alert(3)>evidence</b>")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom = ET.fromstring(client.get("/feeds/articles/atom/").content).find("a:entry/a:summary", ns)
    rss = ET.fromstring(client.get("/feeds/articles/").content).find("./channel/item/description")
    for description in [atom.text, rss.text]:
        # What a feed reader renders as HTML: paragraphs only, the typed markup as text.
        rendered = _Markup(description)
        assert set(rendered.tags) <= {"p", "br"}
        assert 'Cells spread early. <img src=x onerror="alert(1)"><script>alert(2)</script>' in rendered.text
        assert "Added <b onmouseover=alert(3)>evidence</b>" in rendered.text


def test_sitemap_lists_published_articles_only(client, published_article):
    factories.full_article(slug="still-a-draft")
    body = client.get("/sitemap.xml").content.decode()
    assert f"/articles/{published_article.slug}/" in body
    assert "still-a-draft" not in body
    assert "/glossary/" in body


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_errors_show_a_friendly_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_admin_policy_allows_the_editors_import_map_by_hash(admin_client):
    """The rich-text editor's import map is the one inline script the admin allows."""
    import base64
    import hashlib
    import re

    from articles.models import Article

    article = factories.ArticleFactory()
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert html.status_code == 200 and Article.objects.exists()
    scripts = re.findall(r'<script type="importmap"[^>]*>(.*?)</script>', html.content.decode(), re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = html["Content-Security-Policy"]
    assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
