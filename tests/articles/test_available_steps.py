"""One source for the workflow's rules: the admin shows a button for exactly the steps
`workflow.available_steps` returns, every button shown can be carried out, and every
step not shown is refused. Walked for every state and every role."""

import datetime
import re

import pytest
from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.admin.views import STEP_VIEWS
from articles.models import Article, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db
State = Article.State

ROLES = ["writer", "other_author", "reviewer", "editor"]
SITUATIONS = [
    "draft",
    "in_review",
    "changes_requested",
    "approved",
    "scheduled",
    "published",
    "withdrawn",
    "live_with_a_new_draft",
    "live_update_in_review",
    "approved_then_changed_by_a_script",
    "draft_with_no_sections",
    "marked_superseded",
    "published_review_due",
]


@pytest.fixture
def people(db):
    return {
        "writer": factories.author(username="writer"),
        "other_author": factories.author(username="other-author"),
        "reviewer": factories.reviewer(username="rev"),
        "editor": factories.editor(username="ed"),
    }


def newer_review(people):
    """A published review that could supersede the others."""
    article = Article.objects.filter(slug="newer-review").first()
    if article is None:
        article = factories.full_article(slug="newer-review", created_by=people["writer"])
        workflow.submit_for_review(article, by=people["writer"])
        workflow.approve(article, by=people["reviewer"])
        workflow.publish(article, by=people["editor"])
    return article


def article_in(situation, people):
    writer, reviewer, editor = people["writer"], people["reviewer"], people["editor"]
    newer_review(people)
    article = factories.full_article(created_by=writer)
    workflow.record_created(article, by=writer)
    if situation == "draft":
        return article
    if situation == "draft_with_no_sections":
        article.sections.all().delete()
        return article
    workflow.submit_for_review(article, by=writer)
    if situation == "in_review":
        return article
    if situation == "changes_requested":
        workflow.request_changes(article, by=reviewer, comment="Explain the mouse model.")
        return article
    workflow.approve(article, by=reviewer)
    if situation == "approved":
        return article
    if situation == "approved_then_changed_by_a_script":
        # Saved through the ORM, not the admin: the state still says approved.
        Article.objects.filter(pk=article.pk).update(summary="Changed without review.")
        article.refresh_from_db()
        return article
    if situation == "scheduled":
        workflow.schedule(article, by=editor, at=timezone.now() + datetime.timedelta(days=1))
        return article
    workflow.publish(article, by=editor)
    if situation == "withdrawn":
        workflow.withdraw(article, by=editor, reason="Superseded")
    if situation == "marked_superseded":
        workflow.supersede(article, by=editor, newer=newer_review(people))
    if situation == "published_review_due":
        Article.objects.filter(pk=article.pk).update(reviewed_on=datetime.date(2000, 1, 1))
    if situation.startswith("live_"):
        section = article.sections.first()
        section.body = "<p>A later finding.</p>"
        section.save()
        workflow.record_edit(article, by=writer, fingerprint_before="")
        if situation == "live_update_in_review":
            workflow.submit_for_review(article, by=writer)
    article.refresh_from_db()
    return article


def post_data(step, article):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    return {
        "submit": {},
        "approve": {"seen": workflow.draft_content(article)[1]},
        "request_changes": {"comment": "Please cite the trial."},
        "publish": {"change_summary": "New findings", "notify_subscribers": "on"},
        "schedule": {"publish_at": tomorrow.strftime("%Y-%m-%dT%H:%M"), "change_summary": "New findings"},
        "unschedule": {},
        "withdraw": {"reason": "Superseded by newer research"},
        "supersede": {
            "newer": "/articles/newer-review/",
            "note": "Trials in people have reported.",
        },
        "unsupersede": {},
        "reconfirm": {"comment": "The evidence has not changed."},
        "share_preview": {"recipient": "Dr. Ana Ruiz", "days": "7"},
    }[step]


def step_url(article, step):
    if step == "share_preview":
        return f"/admin/articles/article/{article.pk}/preview-links/"
    return f"/admin/articles/article/{article.pk}/workflow/{step}/"


def buttons_on_the_page(client, article):
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    shown = set(re.findall(rf"/admin/articles/article/{article.pk}/workflow/(\w+)/", html))
    if f"/admin/articles/article/{article.pk}/preview-links/" in html:
        shown.add("share_preview")
    return shown


def carried_out(client, article, step):
    """Take the step through the admin, as the button would, and undo it afterwards."""
    with transaction.atomic():
        before = (Article.objects.get(pk=article.pk).state, WorkflowEvent.objects.count())
        client.cookies.pop("messages", None)  # only this step's messages
        response = client.post(step_url(article, step), post_data(step, article))
        assert response.status_code == 302
        levels = {m.level for m in get_messages(response.wsgi_request)}
        after = (Article.objects.get(pk=article.pk).state, WorkflowEvent.objects.count())
        transaction.set_rollback(True)
    if constants.SUCCESS in levels:
        assert after[1] > before[1], f"{step} said it succeeded but recorded nothing"
        return True
    assert constants.ERROR in levels and after == before
    return False


def test_every_step_has_a_rule_and_every_rule_a_way_to_take_it():
    assert set(STEP_VIEWS) | {"share_preview"} == set(workflow.STEP_NAMES)


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_the_buttons_shown_are_exactly_the_steps_that_can_be_taken(client, people, situation, role):
    article = article_in(situation, people)
    user = people[role]
    client.force_login(user)
    available = set(workflow.available_steps(article, user))
    assert buttons_on_the_page(client, article) == available
    for step in workflow.STEP_NAMES:
        assert carried_out(client, article, step) == (step in available), (situation, role, step)


def test_request_changes_on_an_approved_article_has_its_button(client, people):
    """The rule and the button once disagreed: the rule allowed it, the page hid it."""
    article = article_in("approved", people)
    client.force_login(people["reviewer"])
    assert "request_changes" in buttons_on_the_page(client, article)


def test_a_reviewer_who_wrote_part_of_an_article_is_not_offered_approve(client, people):
    article = article_in("in_review", people)
    editor = people["editor"]
    client.force_login(editor)
    assert "approve" in buttons_on_the_page(client, article)
    before = workflow.draft_content(article)[1]
    section = article.sections.first()
    section.body = "<p>The editor's own wording.</p>"
    section.save()
    workflow.record_edit(article, by=editor, fingerprint_before=before)
    assert "approve" not in buttons_on_the_page(client, article)
