"""Every slug ends up in an address. One that `<slug:>` addresses cannot take ("cáncer")
is transliterated when saved, or refused in the admin with a message; and a published
page links to audiences as they are now, never to an address that no longer exists."""

import importlib

import pytest

from articles.models import Article, PublishedVersion
from audiences.models import Audience
from glossary.models import Term
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/?audience=personas-con-cancer",
    "/search/?q=spread",
    "/audiences/personas-con-cancer/",
    "/articles/early-spread/",
    "/articles/early-spread/print/",
]


def audience_links(html):
    return [line for line in html.split('"') if line.startswith("/audiences/")]


@pytest.fixture
def spanish_audience():
    return Audience.objects.create(name="Personas con cáncer", slug="personas-con-cáncer")


def test_an_audience_slug_with_accents_is_saved_without_them(spanish_audience):
    assert Audience.objects.get().slug == "personas-con-cancer"
    spanish_audience.slug = "¿quién? ¡todos!"
    spanish_audience.save()
    assert Audience.objects.get().slug == "quien-todos"


def test_an_audience_named_with_accents_gets_an_ascii_slug():
    article = factories.full_article()
    article.relevant_for.add("Niños con cáncer")
    assert Audience.objects.get(name="Niños con cáncer").slug == "ninos-con-cancer"


def test_every_public_page_shows_an_article_for_an_audience_named_with_accents(
    client, publish, spanish_audience
):
    article = factories.full_article(slug="early-spread", title="Early spread of breast cancer")
    article.relevant_for.add(spanish_audience)
    publish(article)
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Personas con cáncer" in response.text, url
    assert "/audiences/personas-con-cancer/" in audience_links(client.get("/articles/early-spread/").text)


def test_the_admin_refuses_an_audience_slug_addresses_cannot_take(client, editor):
    client.force_login(editor)
    data = admin_form_data(client, "/admin/audiences/audience/add/", "audience_form")
    response = client.post(
        "/admin/audiences/audience/add/",
        {**data, "name": "Personas con cáncer", "slug": "personas-con-cáncer"},
    )
    assert response.status_code == 200
    assert "letters, numbers, underscores or hyphens" in response.text
    assert not Audience.objects.exists()


def test_article_and_term_slugs_are_saved_as_addresses_can_take_them():
    article = factories.full_article(slug="cáncer-de-mama")
    assert Article.objects.get(pk=article.pk).slug == "cancer-de-mama"
    term = Term.objects.create(name="metástasis", definition="Spread.")
    assert term.slug == "metastasis"
    term = Term.objects.create(name="ganglio linfático", slug="ganglio linfático", definition="A gland.")
    assert term.slug == "ganglio-linfatico"


@pytest.fixture
def published_for_audience(publish):
    audience = factories.AudienceFactory(name="people with breast cancer")
    article = factories.full_article(slug="early-spread", title="Early spread of breast cancer")
    article.relevant_for.add(audience)
    publish(article)
    return audience, PublishedVersion.objects.get(article=article)


@pytest.mark.parametrize("page", ["", "print/"])
def test_a_published_page_links_to_an_audience_at_its_new_address(client, published_for_audience, page):
    audience, _ = published_for_audience
    audience.slug = "breast-cancer"
    audience.save()
    response = client.get(f"/articles/early-spread/{page}")
    assert response.status_code == 200
    links = audience_links(response.text)
    assert "/audiences/breast-cancer/" in links
    assert "/audiences/people-with-breast-cancer/" not in links
    assert client.get("/audiences/breast-cancer/").status_code == 200


def test_a_published_page_whose_stored_audience_slug_no_address_takes_still_shows(
    client, published_for_audience
):
    audience, version = published_for_audience
    # A version published before slugs were checked keeps the slug as it was then.
    content = version.content
    [stored] = [a for a in content["relevant_for"] if a["id"] == audience.pk]
    stored["slug"] = "personas-con-cáncer"
    PublishedVersion.objects.filter(pk=version.pk).update(content=content)
    for url in ["/articles/early-spread/", "/articles/early-spread/print/"]:
        assert client.get(url).status_code == 200
    assert "/audiences/people-with-breast-cancer/" in audience_links(
        client.get("/articles/early-spread/").text
    )


def test_a_published_page_names_a_deleted_audience_without_a_link(client, published_for_audience):
    """Deleting an audience a live page shows is refused (articles/usage.py); should the
    row go anyway (by hand in SQL, say), the page still shows."""
    from django.db.models.signals import pre_delete

    audience, _ = published_for_audience
    pre_delete.disconnect(sender=Audience, dispatch_uid="protect-live-Audience")
    try:
        audience.delete()
    finally:
        from articles import usage

        usage.connect()
    response = client.get("/articles/early-spread/")
    assert response.status_code == 200
    assert "<li>people with breast cancer</li>" in response.text
    assert "/audiences/people-with-breast-cancer/" not in audience_links(response.text)


def test_upgrading_gives_audiences_saved_with_accents_a_slug_addresses_take():
    from django.apps import apps

    migration = importlib.import_module("audiences.migrations.0002_slugs_addresses_can_take")
    Audience.objects.create(name="Personas con cáncer", slug="personas-con-cancer")
    Audience.objects.create(name="Personas con cáncer de mama")
    # As saved before slugs were checked: one taken already in ASCII, one not at all.
    Audience.objects.filter(name="Personas con cáncer de mama").update(slug="personas-con-cáncer")
    migration.transliterate_slugs(apps, None)
    assert sorted(Audience.objects.values_list("slug", flat=True)) == [
        "personas-con-cancer",
        "personas-con-cancer_1",
    ]
