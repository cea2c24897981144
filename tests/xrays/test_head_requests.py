"""HEAD works wherever GET does: the same status and headers, and no body. Link
checkers, uptime monitors and some crawlers only ever send HEAD."""

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from articles.models import PreviewLink
from articles.snapshot import snapshot
from articles.workflow.previews import PREVIEW_SALT
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls(published_article, editor):
    audience = published_article.relevant_for.first()
    factories.TermFactory(name="metastasis", slug="metastasis")
    link = PreviewLink.objects.create(
        article=published_article,
        recipient="Dr. Ruiz",
        created_by=editor,
        expires_at=timezone.now() + timezone.timedelta(days=1),
        content=snapshot(published_article),
    )
    return [
        "/",
        f"/?audience={audience.slug}&page=1",
        f"/articles/{published_article.slug}/",
        f"/articles/{published_article.slug}/print/",
        f"/audiences/{audience.slug}/",
        "/glossary/",
        f"/glossary/switch/?state=off&next=/articles/{published_article.slug}/",
        "/search/",
        "/search/?q=spread",
        "/feeds/articles/",
        "/feeds/articles/atom/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        f"/preview/{signing.dumps(link.pk, salt=PREVIEW_SALT)}/",
        "/articles/no-such-article/",
        *subscription_urls(published_article, audience),
    ]


def subscription_urls(article, audience):
    from subscriptions import follow, tokens

    subscription = follow.follow("reader@example.org", article=article)
    return [
        "/subscriptions/follow/",
        f"/subscriptions/follow/article/{article.slug}/",
        f"/subscriptions/follow/audience/{audience.slug}/",
        "/subscriptions/check-your-inbox/",
        f"/subscriptions/confirm/{tokens.confirmation_token(subscription)}/",
        f"/subscriptions/manage/{tokens.manage_token(subscription.subscriber)}/",
        f"/subscriptions/unsubscribe/{tokens.unsubscribe_token(subscription.subscriber)}/",
    ]


def test_every_public_url_answers_head_like_get_without_a_body(client, public_urls):
    for url in public_urls:
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code, url
        assert got.status_code in {200, 302, 404}, url
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url


def test_the_public_pages_answer_head_with_200(client, public_urls):
    ok = [url for url in public_urls if "switch" not in url and "no-such" not in url]
    assert {url: client.head(url).status_code for url in ok} == dict.fromkeys(ok, 200)


@override_settings(SEARCH_RATE="2/m")
def test_head_requests_count_against_the_search_throttle(client):
    for word in ["metastasis", "tumor"]:
        assert client.head("/search/", {"q": word}).status_code == 200
    assert client.get("/search/", {"q": "mice"}).status_code == 429
