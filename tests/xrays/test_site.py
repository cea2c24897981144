"""Site-wide pages: health check, robots, feeds, sitemap, error pages, demo content."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import path

from articles.models import Article, PublishedVersion
from audiences.models import Audience
from glossary.models import Term
from references.models import Reference
from tests import factories

pytestmark = pytest.mark.django_db


def test_healthz_answers_after_a_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
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


def test_load_demo_is_idempotent_and_prints_the_log_ins():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    counts = [
        Article.objects.count(),
        PublishedVersion.objects.count(),
        Reference.objects.count(),
        Audience.objects.count(),
        Term.objects.count(),
    ]
    call_command("load_demo", stdout=io.StringIO())
    assert counts == [
        Article.objects.count(),
        PublishedVersion.objects.count(),
        Reference.objects.count(),
        Audience.objects.count(),
        Term.objects.count(),
    ]
    assert counts[:4] == [1, 1, 4, 4] and counts[4] >= 5
    for name in ["metastasis", "mammogram", "HER2-positive", "primary tumor", "recurrence"]:
        assert Term.objects.filter(name=name).exists()
    printed = out.getvalue()
    for username in ["admin", "editor", "reviewer", "author"]:
        assert username in printed
    article = Article.objects.get()
    assert article.live_version is not None and str(article.posted_on) == "2017-03-28"
    original = article.citations.get(is_original_story=True).reference
    assert original.publication == "STAT" and original.authors == "Begley S"


def test_demo_accounts_can_log_in_with_the_printed_passwords(client):
    call_command("load_demo", stdout=io.StringIO())
    for username, password in [
        ("editor", "xrays-demo-editor"),
        ("reviewer", "xrays-demo-reviewer"),
        ("author", "xrays-demo-author"),
        ("admin", "xrays-demo-admin"),
    ]:
        response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200
        client.logout()
