"""NUL and other control characters in a query parameter or form field get a short
400 page on every URL, never a server error (PostgreSQL refuses strings holding NUL)."""

import pytest

from articles.models import Article
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def assert_refused(response):
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_a_search_for_a_word_with_nul_is_refused(client, published_article):
    assert_refused(client.get("/search/", {"q": "metastasis\x00"}))


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_control_characters_in_the_audience_filter_are_refused(client, published_article, character):
    assert_refused(client.get("/", {"audience": character}))


def test_a_control_character_in_a_parameter_name_is_refused(client):
    assert_refused(client.get("/search/?q%00=metastasis"))


@pytest.mark.parametrize(
    "url", ["/articles/early-spread/", "/glossary/switch/", "/feeds/articles/", "/sitemap.xml", "/healthz"]
)
def test_every_page_refuses_nul_in_its_query_string(client, published_article, url):
    assert_refused(client.get(url, {"next": "/\x00", "page": "1\x00"}))


def test_the_admin_list_search_refuses_nul(client, editor, published_article):
    client.force_login(editor)
    assert_refused(client.get("/admin/articles/article/", {"q": "spread\x00"}))


def test_an_admin_form_posting_nul_is_refused_and_saves_nothing(client, editor):
    article = factories.full_article(title="Early spread", created_by=editor)
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client, url, "article_form")
    data["title"] = "Early\x00 spread"
    assert_refused(client.post(url, data))
    assert Article.objects.get(pk=article.pk).title == "Early spread"


def test_admin_forms_keep_tabs_and_line_breaks(client, editor):
    article = factories.full_article(created_by=editor)
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client, url, "article_form")
    data["summary"] = "First line.\r\n\tSecond line."
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).summary == "First line.\r\n\tSecond line."


def test_a_session_cookie_holding_nul_is_ignored(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
