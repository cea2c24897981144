"""Audiences and references are shared by articles: deleting one is an edit of the
articles showing it, and live pages never lose what they show."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from articles.models import Article
from audiences.models import Audience
from references.models import Reference
from tests import factories

pytestmark = pytest.mark.django_db
State = Article.State


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def delete_one(client, obj):
    opts = obj._meta
    return client.post(
        f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/delete/", {"post": "yes"}, follow=True
    )


def delete_selected(client, *objs):
    opts = objs[0]._meta
    return client.post(
        f"/admin/{opts.app_label}/{opts.model_name}/",
        {"action": "delete_selected", "_selected_action": [o.pk for o in objs], "post": "yes"},
        follow=True,
    )


def live_page_links_to(client, article, audience):
    html = client.get(f"/articles/{article.slug}/").content.decode()
    return (
        f'href="/audiences/{audience.slug}/"' in html
        and client.get(f"/audiences/{audience.slug}/").status_code == 200
    )


@pytest.fixture
def approved_draft(approve):
    return approve(factories.full_article(title="A reviewed draft"))


# --- what a live page shows stays --------------------------------------------------


@pytest.mark.parametrize("delete", [delete_one, delete_selected])
def test_an_audience_on_a_live_page_cannot_be_deleted(client, published_article, editor, delete):
    audience = published_article.relevant_for.first()
    other = factories.AudienceFactory(name="unused audience")
    client.force_login(editor)
    response = delete(client, audience, other) if delete is delete_selected else delete(client, audience)
    assert response.status_code == 200
    [message] = [m for m in messages_of(response) if "cannot be deleted" in m]
    assert f"“{audience.name}” cannot be deleted" in message
    assert "“Early spread of breast cancer”" in message
    assert Audience.objects.filter(pk=audience.pk).exists() and Audience.objects.filter(pk=other.pk).exists()
    client.logout()
    assert live_page_links_to(client, published_article, audience)


def test_the_delete_page_explains_instead_of_asking(client, published_article, editor):
    audience = published_article.also_relevant_for.first()
    client.force_login(editor)
    response = client.get(f"/admin/audiences/audience/{audience.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/audiences/audience/{audience.pk}/change/"
    assert any("live pages show it (“Early spread of breast cancer”)" in m for m in messages_of(response))


@pytest.mark.parametrize("delete", [delete_one, delete_selected])
def test_a_reference_on_a_live_page_cannot_be_deleted_though_the_draft_dropped_it(
    client, published_article, editor, delete
):
    citation = published_article.citations.last()
    reference = citation.reference
    citation.delete()  # the draft no longer cites it; the live page still does
    client.force_login(editor)
    response = delete(client, reference)
    assert any(
        f"“{reference}” cannot be deleted: live pages show it (“Early spread of breast cancer”)" in m
        for m in messages_of(response)
    ), messages_of(response)
    assert Reference.objects.filter(pk=reference.pk).exists()
    client.logout()
    assert reference.title in client.get(f"/articles/{published_article.slug}/").content.decode()


@pytest.mark.parametrize("delete", [delete_one, delete_selected])
def test_a_reference_a_draft_cites_cannot_be_deleted(client, editor, delete):
    article = factories.full_article(title="Still being written")
    reference = article.citations.get().reference
    client.force_login(editor)
    response = delete(client, reference)
    assert any("articles cite it (“Still being written”)" in m for m in messages_of(response))
    assert Reference.objects.filter(pk=reference.pk).exists()


def test_no_script_can_delete_what_a_live_page_shows(published_article):
    audience = published_article.relevant_for.first()
    citation = published_article.citations.last()
    citation.delete()
    attempts = [
        audience.delete,
        Audience.objects.filter(pk=audience.pk).delete,
        Reference.objects.filter(pk=citation.reference_id).delete,
    ]
    for attempt in attempts:
        with pytest.raises(ProtectedError, match="live pages show it .“Early spread of breast cancer”"):
            with transaction.atomic():
                attempt()
    assert Audience.objects.filter(pk=audience.pk).exists()
    assert Reference.objects.filter(pk=citation.reference_id).exists()


# --- what only drafts show may go, as an edit of those drafts -------------------------


def test_deleting_an_audience_of_an_approved_draft_makes_the_approval_stale(client, approved_draft, editor):
    audience = approved_draft.relevant_for.first()
    client.force_login(editor)
    response = delete_one(client, audience)
    assert not Audience.objects.filter(pk=audience.pk).exists()
    assert any(
        "Deleting it is also a change to 1 article (A reviewed draft)" in m for m in messages_of(response)
    )
    approved_draft.refresh_from_db()
    assert approved_draft.state == State.DRAFT  # it needs a new review
    assert approved_draft.events.latest("pk").action == "edited"
    assert approved_draft.events.latest("pk").actor == editor


def test_deleting_selected_audiences_of_an_approved_draft_makes_the_approval_stale(
    client, approved_draft, editor
):
    audiences = [approved_draft.relevant_for.first(), approved_draft.also_relevant_for.first()]
    client.force_login(editor)
    response = delete_selected(client, *audiences)
    assert not Audience.objects.filter(pk__in=[a.pk for a in audiences]).exists()
    assert any("Deleting them is also a change to 1 article" in m for m in messages_of(response))
    approved_draft.refresh_from_db()
    assert approved_draft.state == State.DRAFT


def test_an_unused_reference_is_deleted_without_ado(client, editor):
    reference = factories.ReferenceFactory()
    client.force_login(editor)
    response = delete_one(client, reference)
    assert not Reference.objects.filter(pk=reference.pk).exists()
    assert not any("also a change" in m for m in messages_of(response))
