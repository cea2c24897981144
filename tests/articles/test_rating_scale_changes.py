"""Rating scales are shared by the articles rated on them, as references and audiences
are: renaming a level, or changing a scale, is an edit of every article it shows on."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from articles import usage, workflow
from articles.models import Article, RatingLevel
from audiences.admin import AudienceAdmin
from audiences.models import Audience
from references.admin import ReferenceAdmin
from references.models import Reference
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db
State = Article.State


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def scale_url(criterion):
    return f"/admin/articles/ratingcriterion/{criterion.pk}/change/"


def scale_form(client, criterion):
    """The scale's change form with its levels, as the editor's browser would send it."""
    return admin_form_data(client, scale_url(criterion), "ratingcriterion_form")


def level_prefix(data, level):
    [prefix] = [k.removesuffix("-id") for k, v in data.items() if k.endswith("-id") and v == str(level.pk)]
    return prefix


def rename_level(client, level, name):
    data = scale_form(client, level.criterion)
    data[f"{level_prefix(data, level)}-name"] = name
    response = client.post(scale_url(level.criterion), data, follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    return response


@pytest.fixture
def rated_and_approved(approve):
    """An approved article rated "Low" on the strength of science."""
    article = factories.full_article(title="A rated review", slug="a-rated-review")
    factories.rate(article, "science", "low", "Done in mice.")
    return approve(article)


@pytest.fixture
def science():
    return factories.standard_rating_scales()["science"]


def test_renaming_a_rating_level_makes_approvals_of_articles_that_use_it_stale_as_a_reference_edit_does(
    client, rated_and_approved, science, editor
):
    article = rated_and_approved
    assert article.state == State.APPROVED
    client.force_login(editor)
    response = rename_level(client, science["low"], "Weak")

    assert RatingLevel.objects.get(pk=science["low"].pk).name == "Weak"
    assert any(
        "This change is also a change to 1 article (A rated review): approved or published ones need a new review"
        in m
        for m in messages_of(response)
    ), messages_of(response)
    article.refresh_from_db()
    assert article.state == State.DRAFT  # the approval no longer covers it
    assert workflow.draft_content(article)[0]["ratings"][0]["level"] == "Weak"
    event = article.events.latest("pk")
    assert (event.action, event.actor, event.from_state) == ("edited", editor, State.APPROVED)
    assert editor.pk in workflow.writers_of(article)
    workflow.submit_for_review(article, by=factories.author(username="author"))
    with pytest.raises(PermissionDenied):
        workflow.approve(article, by=editor)  # the editor now counts among its writers


def test_renaming_a_rating_level_no_article_uses_records_nothing(client, rated_and_approved, science, editor):
    article = rated_and_approved
    events, revision = article.events.count(), article.revision
    client.force_login(editor)
    response = rename_level(client, science["high"], "Strong")

    assert RatingLevel.objects.get(pk=science["high"].pk).name == "Strong"
    assert not any("also a change" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.state == State.APPROVED
    assert (article.events.count(), article.revision) == (events, revision)


def test_adding_a_level_to_a_scale_changes_every_article_rated_on_it(
    client, rated_and_approved, science, editor
):
    # The page shows each rating's place on its scale ("low, 1 of 4"): a new level moves it.
    criterion = science["low"].criterion
    client.force_login(editor)
    data = scale_form(client, criterion)
    n = int(data["levels-TOTAL_FORMS"])
    data.update({"levels-TOTAL_FORMS": str(n + 1), f"levels-{n}-name": "Very high", f"levels-{n}-order": "9"})
    response = client.post(scale_url(criterion), data, follow=True)

    assert criterion.levels.count() == n + 1
    assert any("also a change to 1 article (A rated review)" in m for m in messages_of(response))
    rated_and_approved.refresh_from_db()
    assert rated_and_approved.state == State.DRAFT


def test_deleting_an_unused_level_of_a_scale_in_use_is_an_edit_of_the_articles_rated_on_it(
    client, rated_and_approved, science, editor
):
    criterion = science["low"].criterion
    client.force_login(editor)
    data = scale_form(client, criterion)
    data[f"{level_prefix(data, science['high'])}-DELETE"] = "on"
    response = client.post(scale_url(criterion), data, follow=True)

    assert not RatingLevel.objects.filter(pk=science["high"].pk).exists()
    assert any("also a change to 1 article (A rated review)" in m for m in messages_of(response))
    rated_and_approved.refresh_from_db()
    assert rated_and_approved.state == State.DRAFT
    assert workflow.draft_content(rated_and_approved)[0]["ratings"][0]["levels"] == 2


def test_a_level_an_article_is_rated_at_cannot_be_deleted_from_its_scale(
    client, rated_and_approved, science, editor
):
    criterion = science["low"].criterion
    client.force_login(editor)
    data = scale_form(client, criterion)
    data[f"{level_prefix(data, science['low'])}-DELETE"] = "on"
    response = client.post(scale_url(criterion), data)

    assert response.status_code == 200  # the form again, with the reason
    assert "protected related objects" in response.content.decode()
    assert RatingLevel.objects.filter(pk=science["low"].pk).exists()
    rated_and_approved.refresh_from_db()
    assert rated_and_approved.state == State.APPROVED


def test_an_unused_scale_is_deleted_without_ado(client, editor):
    criterion = factories.standard_rating_scales()["coverage"]["poor"].criterion
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/ratingcriterion/{criterion.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert not type(criterion).objects.filter(pk=criterion.pk).exists()
    assert not any("also a change" in m for m in messages_of(response))


def test_a_script_renaming_a_level_records_the_change_on_the_articles_rated_at_it(
    rated_and_approved, science, editor
):
    level = science["low"]
    with workflow.record_shared_change(usage.articles_rated_at(level), by=editor) as change:
        level.name = "Weak"
        level.save()
    assert [a.pk for a in change.changed] == [rated_and_approved.pk]
    rated_and_approved.refresh_from_db()
    assert rated_and_approved.state == State.DRAFT


def test_a_shared_change_that_changes_no_draft_records_nothing(rated_and_approved, science, editor):
    change = workflow.start_shared_change(usage.articles_rated_on(science["low"].criterion))
    science["low"].criterion.description = "Not on any page."
    science["low"].criterion.save()
    assert change.record(by=editor) == []
    revision = rated_and_approved.revision
    rated_and_approved.refresh_from_db()
    assert (rated_and_approved.state, rated_and_approved.revision) == (State.APPROVED, revision)


def test_references_and_audiences_keep_their_own_apps_admins(client):
    # Articles follow changes to them through a hook, not by replacing their admins.
    assert type(admin.site.get_model_admin(Reference)) is ReferenceAdmin
    assert type(admin.site.get_model_admin(Audience)) is AudienceAdmin
