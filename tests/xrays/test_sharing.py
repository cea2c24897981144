"""What other programs see of a page: the icon in a browser tab or on a phone's home
screen, and the preview a messaging app or social site draws from a shared link."""

import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests import factories

pytestmark = pytest.mark.django_db

IMAGES = Path(settings.BASE_DIR) / "static" / "img"
SITE = "http://127.0.0.1:8000"


class Head(HTMLParser):
    """The <title>, <meta> and <link rel> tags of a page, with entities decoded."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.title, self._in_title = {}, [], "", False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs["content"]
        elif tag == "link":
            self.links.append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# The favicon


def test_favicon_ico_answers_with_an_icon_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    # An ICO file (reserved 0, type 1) holding the tab and taskbar sizes.
    reserved, kind, count = struct.unpack("<HHH", response.content[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_favicon_ico_answers_a_head_request_with_the_same_headers_and_no_body(client):
    get, head = client.get("/favicon.ico"), client.head("/favicon.ico")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"] == "image/x-icon"
    assert head["Content-Length"] == get["Content-Length"] == str(len(get.content))


def test_favicon_ico_refuses_to_be_posted_to(client):
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_names_its_icons_for_browsers_and_phones(client):
    links = head_of(client, "/").links
    icons = {(link["rel"], link.get("type", "")): link["href"] for link in links if "icon" in link["rel"]}
    assert icons[("icon", "")] == "/favicon.ico"
    assert icons[("icon", "image/svg+xml")] == "/static/img/icon.svg"
    assert icons[("icon", "image/png")] == "/static/img/icon-192.png"
    assert icons[("apple-touch-icon", "")] == "/static/img/apple-touch-icon.png"
    for href in icons.values():
        if href.startswith("/static/img/"):
            assert (IMAGES / href.removeprefix("/static/img/")).is_file(), href
    assert png_size(IMAGES / "apple-touch-icon.png") == (180, 180)
    assert png_size(IMAGES / "icon-192.png") == (192, 192)


# Link previews


def test_the_link_preview_image_is_a_1200_by_630_png():
    assert png_size(IMAGES / "share.png") == (1200, 630)


def test_a_shared_article_previews_with_its_title_summary_and_the_site_image(client, published_article):
    head = head_of(client, f"/articles/{published_article.slug}/")
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Early spread of breast cancer"
    assert head.title == "Early spread of breast cancer · XRAYS"
    assert head.meta["og:description"] == head.meta["description"] == published_article.summary
    assert head.meta["og:url"] == f"{SITE}/articles/{published_article.slug}/"
    assert head.meta["og:image"] == f"{SITE}/static/img/share.png"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["og:image:alt"] == "XRAYS: cancer research news, explained"
    assert head.meta["og:site_name"] == "XRAYS"
    assert head.meta["twitter:card"] == "summary_large_image"


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", "XRAYS"),
        ("/glossary/", "Glossary"),
        ("/search/", "XRAYS"),
        ("/feeds/", "Follow XRAYS by RSS"),
        ("/subscriptions/follow/", None),
    ],
)
def test_every_public_page_previews_as_a_website_with_its_own_title_and_description(
    client, published_article, url, title
):
    head = head_of(client, url)
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == (title or head.title.removesuffix(" · XRAYS"))
    assert head.meta["og:title"] and " · XRAYS" not in head.meta["og:title"]
    assert head.meta["og:description"] == head.meta["description"] != ""
    assert head.meta["og:url"] == SITE + url
    assert head.meta["og:image"] == f"{SITE}/static/img/share.png"
    assert head.meta["twitter:card"] == "summary_large_image"


def test_the_preview_address_leaves_out_the_query_so_one_readers_search_is_not_shared_with_all(
    client, published_article
):
    head = head_of(client, "/search/?q=spread")
    assert head.meta["og:url"] == f"{SITE}/search/"
    assert head.meta["og:title"] == "Search: spread"


@override_settings(SITE_URL="https://xrays.example.org")
def test_preview_addresses_use_the_sites_public_address(client, published_article):
    head = head_of(client, f"/articles/{published_article.slug}/")
    assert head.meta["og:url"] == f"https://xrays.example.org/articles/{published_article.slug}/"
    assert head.meta["og:image"] == "https://xrays.example.org/static/img/share.png"


def test_quotes_ampersands_and_markup_in_a_title_and_summary_come_out_right_once(client, publish):
    article = factories.full_article(
        slug="quotes",
        title='Diet & "cure" claims <b>checked</b>',
        summary="Ads say 'eat this' & <i>live longer</i>; the study says otherwise.",
    )
    publish(article)
    html = client.get("/articles/quotes/").content.decode()
    head = Head(html)
    assert head.meta["og:title"] == 'Diet & "cure" claims <b>checked</b>'
    assert head.title == 'Diet & "cure" claims <b>checked</b> · XRAYS'
    assert head.meta["og:description"] == head.meta["description"] == article.summary
    assert 'content="Diet &amp; &quot;cure&quot; claims &lt;b&gt;checked&lt;/b&gt;"' in html
    assert "&amp;amp;" not in html and "&amp;quot;" not in html and "<b>checked" not in html
