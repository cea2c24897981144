"""Every live article and the home page invite health professionals and trained patient
advocates to volunteer, in "Be part of XRAYS", without a token that would stop the page
being cached whole."""

import pytest
from django.test import Client

from articles.extensions import LISTING_TAKE_PART, TAKE_PART, contributions
from tests import factories

ITEM = "volunteers/_take_part.html"


def test_the_volunteer_item_fills_both_take_part_places():
    assert ITEM in [c.template_name for c in contributions(TAKE_PART)]
    assert ITEM in [c.template_name for c in contributions(LISTING_TAKE_PART)]


@pytest.mark.django_db
def test_an_article_page_and_the_home_page_link_to_the_volunteer_form(published_article):
    client = Client()
    for address in ["/articles/early-spread/", "/"]:
        html = client.get(address).content.decode()
        assert "Be part of XRAYS" in html
        assert (
            'Health professionals and trained patient advocates: <a href="/volunteer/">'
            "volunteer to review articles</a>"
        ) in html
        assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_the_spanish_pages_link_to_the_spanish_form(published_article):
    html = Client().get("/es/").content.decode()
    assert 'href="/es/volunteer/"' in html


@pytest.mark.django_db
def test_a_preview_of_a_draft_does_not_invite_volunteers(editor):
    draft = factories.full_article(title="A draft", slug="a-draft")
    client = Client()
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    assert "/volunteer/" not in html
