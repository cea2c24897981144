"""Content generations (xrays.generations): what is cached from the database is keyed
by a number that every change bumps in the same transaction, so every web process sees
the change on its next request."""

import pytest
from django.db import transaction

from tests.admin_forms import admin_form_data
from xrays import generations
from xrays.models import SiteText

pytestmark = pytest.mark.django_db


def test_a_change_gives_its_scope_a_new_generation_and_leaves_the_others_alone():
    glossary, site = generations.current("glossary"), generations.current("site")
    generations.bump("glossary")
    assert generations.current("glossary") != glossary
    assert generations.current("site") == site


def test_a_generation_taken_by_a_rolled_back_change_is_never_used_again():
    before = generations.current("glossary")
    with pytest.raises(RuntimeError), transaction.atomic():
        generations.bump("glossary")
        abandoned = generations.current("glossary")
        raise RuntimeError("the change failed")
    assert generations.current("glossary") == before
    generations.bump("glossary")
    assert generations.current("glossary") not in {before, abandoned}


def test_cached_values_are_rebuilt_after_their_scope_changes():
    built = []

    def build():
        built.append(len(built) + 1)
        return built[-1]

    assert generations.cached("site", "test:value", build) == 1
    assert generations.cached("site", "test:value", build) == 1
    generations.bump("site")
    assert generations.cached("site", "test:value", build) == 2


def test_the_disclosure_edited_through_one_process_shows_in_every_process(
    client, editor, process, published_article
):
    text = SiteText.objects.create(key=SiteText.DISCLOSURE, body="<p>XRAYS is independent.</p>")
    url = published_article.live_version.get_absolute_url()
    for name in "ab":
        with process(name):
            assert "XRAYS is independent." in client.get(url).text

    admin = editor
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    with process("a"):
        change_url = f"/admin/xrays/sitetext/{text.pk}/change/"
        data = admin_form_data(client, change_url, "sitetext_form")
        assert (
            client.post(
                change_url, {**data, "body": "<p>XRAYS takes no money from industry.</p>"}
            ).status_code
            == 302
        )
    client.logout()

    for name in "ab":
        with process(name):
            page = client.get(url).text
        assert "XRAYS takes no money from industry." in page
        assert "XRAYS is independent." not in page
