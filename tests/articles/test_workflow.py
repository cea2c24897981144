"""Editorial review: every article, and every later change, is approved by a member of
the Scientific Advisory Board before readers see it. Only `articles.workflow` moves an
article between states; each step checks role and state and is recorded."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, Review, WorkflowEvent
from articles.tasks import send_schedule_failed_email
from tests import factories
from tests.tasks import run_enqueued

pytestmark = pytest.mark.django_db
State = Article.State


@pytest.fixture
def author(db):
    return factories.author(username="author")


@pytest.fixture
def draft(author):
    article = factories.full_article(created_by=author)
    workflow.record_created(article, by=author)
    return article


def edit(article, by, text="<p>Edited.</p>"):
    """An edit as the admin makes one: change, then record it."""
    _, before = workflow.draft_content(article)
    section = article.sections.first()
    section.body = text
    section.save()
    workflow.record_edit(article, by=by, fingerprint_before=before)


def actions(article):
    return list(article.events.order_by("pk").values_list("action", flat=True))


# --- the whole cycle ---------------------------------------------------------------


def test_the_cycle_from_draft_to_published(draft, author, reviewer, editor, client):
    assert draft.state == State.DRAFT
    workflow.submit_for_review(draft, by=author)
    assert draft.state == State.IN_REVIEW
    workflow.approve(draft, by=reviewer, comment="Sound.")
    assert draft.state == State.APPROVED
    version = workflow.publish(draft, by=editor, change_summary="")
    assert draft.state == State.PUBLISHED and version.number == 1
    assert client.get(f"/articles/{draft.slug}/").status_code == 200
    assert actions(draft) == ["created", "submitted", "approved", "published"]
    event = draft.events.get(action="approved")
    assert (event.actor, event.from_state, event.to_state, event.comment) == (
        reviewer,
        State.IN_REVIEW,
        State.APPROVED,
        "Sound.",
    )


def test_requesting_changes_sends_the_article_back(draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    with pytest.raises(ValidationError, match="Say what needs to change"):
        workflow.request_changes(draft, by=reviewer, comment="  ")
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW
    workflow.request_changes(draft, by=reviewer, comment="Cite the mouse studies.")
    assert draft.state == State.CHANGES_REQUESTED
    assert Review.objects.get().decision == Review.Decision.CHANGES_REQUESTED
    edit(draft, by=author)
    workflow.submit_for_review(draft, by=author)
    assert draft.state == State.IN_REVIEW


# --- roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, step",
    [
        ("reviewer", "submit"),
        ("author", "approve"),
        ("author", "request_changes"),
        ("author", "publish"),
        ("reviewer", "publish"),
        ("author", "withdraw"),
        ("reviewer", "withdraw"),
        ("author", "schedule"),
        ("reviewer", "schedule"),
    ],
)
def test_each_role_is_refused_the_steps_it_does_not_hold(role, step, draft, author, reviewer, editor):
    user = {"author": factories.author(username="another-author"), "reviewer": reviewer}[role]
    if step in {"approve", "request_changes"}:
        workflow.submit_for_review(draft, by=author)
    if step in {"publish", "schedule"}:
        workflow.submit_for_review(draft, by=author)
        workflow.approve(draft, by=reviewer)
    if step == "withdraw":
        workflow.submit_for_review(draft, by=author)
        workflow.approve(draft, by=reviewer)
        workflow.publish(draft, by=editor)
    before = (Article.objects.get(pk=draft.pk).state, WorkflowEvent.objects.count())
    call = {
        "submit": lambda: workflow.submit_for_review(draft, by=user),
        "approve": lambda: workflow.approve(draft, by=user),
        "request_changes": lambda: workflow.request_changes(draft, by=user, comment="No."),
        "publish": lambda: workflow.publish(draft, by=user),
        "withdraw": lambda: workflow.withdraw(draft, by=user, reason="x"),
        "schedule": lambda: workflow.schedule(draft, by=user, at=timezone.now() + datetime.timedelta(days=1)),
    }[step]
    with pytest.raises(PermissionDenied):
        call()
    assert (Article.objects.get(pk=draft.pk).state, WorkflowEvent.objects.count()) == before


def test_editors_hold_every_step(draft, editor):
    other_editor = factories.editor(username="editor2")
    workflow.submit_for_review(draft, by=editor)
    workflow.approve(draft, by=other_editor)
    workflow.publish(draft, by=editor)
    workflow.withdraw(draft, by=editor, reason="Superseded")
    assert draft.state == State.WITHDRAWN


def test_steps_in_the_wrong_state_are_refused_with_a_reason(draft, author, reviewer, editor):
    with pytest.raises(ValidationError, match="cannot approve an article that is draft"):
        workflow.approve(draft, by=reviewer)
    with pytest.raises(ValidationError, match="cannot publish an article that is draft"):
        workflow.publish(draft, by=editor)
    workflow.submit_for_review(draft, by=author)
    with pytest.raises(ValidationError, match="cannot submit an article that is in review"):
        workflow.submit_for_review(draft, by=author)
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW


def test_an_incomplete_article_cannot_be_submitted(author):
    article = factories.ArticleFactory(created_by=author)
    with pytest.raises(ValidationError, match="no sections"):
        workflow.submit_for_review(article, by=author)
    assert article.state == State.DRAFT


# --- approvals -----------------------------------------------------------------------


def test_reviewers_cannot_approve_their_own_writing(draft, author, reviewer, editor):
    edit(draft, by=editor)  # an editor who touched the text cannot approve it
    workflow.submit_for_review(draft, by=author)
    with pytest.raises(PermissionDenied, match="you wrote or edited"):
        workflow.approve(draft, by=editor)
    creator_editor = factories.editor(username="writer-editor")
    own = factories.full_article(created_by=creator_editor)
    workflow.submit_for_review(own, by=creator_editor)
    with pytest.raises(PermissionDenied):
        workflow.approve(own, by=creator_editor)
    assert not Review.objects.exists()


def test_any_change_after_approval_makes_it_stale(draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    edit(draft, by=author)
    assert draft.state == State.DRAFT  # the approval no longer holds
    with pytest.raises(ValidationError):
        workflow.publish(draft, by=editor)


def test_a_stale_approval_refuses_publication_even_without_the_admin(draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    section = draft.sections.first()  # changed behind the workflow's back
    section.body = "<p>Sneaky change.</p>"
    section.save()
    with pytest.raises(ValidationError, match="changed after it was approved"):
        workflow.publish(draft, by=editor)
    assert not PublishedVersion.objects.exists()


@override_settings(XRAYS_REQUIRED_APPROVALS=2)
def test_the_number_of_approvals_required_is_a_setting(draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    assert draft.state == State.IN_REVIEW
    assert workflow.approval_status(draft) == (1, 2)
    workflow.approve(draft, by=reviewer)  # the same reviewer twice counts once
    assert draft.state == State.IN_REVIEW
    workflow.approve(draft, by=factories.reviewer(username="second-reviewer"))
    assert draft.state == State.APPROVED
    workflow.publish(draft, by=editor)


# --- draft and live ------------------------------------------------------------------


def test_editing_a_published_article_edits_its_draft(draft, author, reviewer, editor, client):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    edit(draft, by=author, text="<p>A correction awaiting review.</p>")
    assert draft.state == State.DRAFT and draft.live_version is not None
    page = client.get(f"/articles/{draft.slug}/").content.decode()
    assert "A correction awaiting review." not in page
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    version = workflow.publish(draft, by=editor, change_summary="Corrected a number")
    assert version.number == 2 and version.published_by == editor
    page = client.get(f"/articles/{draft.slug}/").content.decode()
    assert "A correction awaiting review." in page and "Corrected a number" in page


def test_withdrawal_keeps_the_reason_on_record(draft, author, reviewer, editor, client):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    with pytest.raises(PermissionDenied):
        workflow.withdraw(draft, by=author, reason="x")
    workflow.withdraw(draft, by=editor, reason="The study was retracted.")
    draft.refresh_from_db()
    assert draft.withdrawal_reason == "The study was retracted."
    assert draft.events.get(action="withdrawn").comment == "The study was retracted."
    assert client.get(f"/articles/{draft.slug}/").status_code == 404


# --- comments ------------------------------------------------------------------------


def test_review_comments_stay_until_resolved(draft, author, reviewer):
    section = draft.sections.first()
    comment = workflow.add_comment(draft, by=reviewer, body="Is this true for men?", section=section)
    assert comment.section_heading == section.heading
    assert list(draft.review_comments.filter(resolved_at=None)) == [comment]
    with pytest.raises(PermissionDenied, match="comment's writer, a reviewer or an editor"):
        workflow.resolve_comment(comment, by=author)
    other_reviewer = factories.reviewer(username="someone-else")
    workflow.resolve_comment(comment, by=other_reviewer)
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == other_reviewer
    with pytest.raises(ValidationError):
        workflow.resolve_comment(comment, by=reviewer)
    assert actions(draft)[-2:] == ["commented", "comment_resolved"]


# --- the record ----------------------------------------------------------------------


def test_the_record_cannot_be_deleted_or_changed(draft, author):
    workflow.submit_for_review(draft, by=author)
    event = draft.events.first()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        WorkflowEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        WorkflowEvent.objects.update(comment="rewritten")
    event.comment = "rewritten"
    with pytest.raises(PermissionDenied):
        event.save()
    assert WorkflowEvent.objects.count() == 2


# --- scheduling ----------------------------------------------------------------------


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


@pytest.fixture
def approved(draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    return draft


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_scheduled_article_is_published_by_the_worker_when_due(
    approved, editor, django_capture_on_commit_callbacks, client
):
    at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(approved, by=editor, at=at)
    assert approved.state == State.SCHEDULED
    run_worker()  # not due yet: the task waits
    assert Article.objects.get(pk=approved.pk).state == State.SCHEDULED
    # The worker was down at the time: the task runs late, and still publishes.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(minutes=5))
    Article.objects.filter(pk=approved.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(minutes=5)
    )
    run_worker()
    approved.refresh_from_db()
    assert approved.state == State.PUBLISHED
    assert approved.live_version.published_by == editor
    assert client.get(f"/articles/{approved.slug}/").status_code == 200


def test_a_scheduled_article_changed_after_approval_does_not_go_out(
    approved, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(approved, by=editor, at=timezone.now() + datetime.timedelta(hours=1))
    section = approved.sections.first()
    section.body = "<p>Changed after approval.</p>"
    section.save()
    Article.objects.filter(pk=approved.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.publish_if_due(approved) is None
    approved.refresh_from_db()
    assert approved.state == State.IN_REVIEW and approved.live_version is None
    failed = approved.events.get(action="schedule_failed")
    assert "changed after it was approved" in failed.comment
    run_enqueued(send_schedule_failed_email)  # the worker sends the email
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    assert "Not published" in mail.outbox[0].subject


def test_scheduling_needs_a_future_time_and_can_be_cancelled(approved, editor):
    with pytest.raises(ValidationError, match="future"):
        workflow.schedule(approved, by=editor, at=timezone.now() - datetime.timedelta(hours=1))
    workflow.schedule(approved, by=editor, at=timezone.now() + datetime.timedelta(days=2))
    workflow.unschedule(approved, by=editor)
    assert approved.state == State.APPROVED and approved.scheduled_for is None


# --- concurrency ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_editors_publishing_at_once_publish_one_version_and_the_others_are_told_why(
    draft, author, reviewer, editor
):
    """On PostgreSQL the article's row lock queues them; on SQLite the write lock each
    transaction takes when it begins does. Nobody gets "database is locked"."""
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    editors = [editor, *(factories.editor(username=f"editor-{n}") for n in range(2, 5))]
    barrier = threading.Barrier(len(editors))
    outcomes = []

    def publish_as(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            workflow.publish(Article.objects.get(pk=draft.pk), by=user)
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # what the editor would have seen as a server error
            outcomes.append(f"{type(error).__name__}: {error}")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=publish_as, args=(u,)) for u in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert PublishedVersion.objects.filter(article=draft).count() == 1
    assert sorted(outcomes) == ["You cannot publish an article that is published."] * 3 + ["published"]


# --- review rounds and edge cases ---------------------------------------------------------


def test_an_approval_covers_only_the_draft_the_reviewer_read(draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    _, seen = workflow.draft_content(draft)
    edit(draft, by=author, text="<p>Changed while the reviewer was reading.</p>")
    with pytest.raises(ValidationError, match="changed after you opened it"):
        workflow.approve(draft, by=reviewer, seen=seen)
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW
    assert not Review.objects.exists()


@override_settings(XRAYS_REQUIRED_APPROVALS=2)
def test_a_change_request_starts_a_new_round_of_approvals(draft, author, reviewer):
    second, third = factories.reviewer(username="r2"), factories.reviewer(username="r3")
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.request_changes(draft, by=second, comment="Check the numbers.")
    workflow.submit_for_review(draft, by=author)  # resubmitted unchanged
    workflow.approve(draft, by=third)
    assert draft.state == State.IN_REVIEW  # the first round's approval no longer counts
    assert workflow.approval_status(draft) == (1, 2)


def test_two_articles_cannot_share_a_public_address(author, reviewer, editor, client):
    first = factories.full_article(created_by=author, slug="same")
    for article in (first,):
        workflow.submit_for_review(article, by=author)
        workflow.approve(article, by=reviewer)
        workflow.publish(article, by=editor)
    first.slug = "moved"
    first.save()  # renamed in the draft only: the live page is still at /same/
    second = factories.full_article(created_by=author, slug="same")
    workflow.submit_for_review(second, by=author)
    workflow.approve(second, by=reviewer)
    with pytest.raises(ValidationError, match="belongs to another article"):
        workflow.publish(second, by=editor)
    assert client.get("/articles/same/").context["page"].title == first.title


def test_editing_back_to_the_live_text_leaves_nothing_pending(draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    original = draft.sections.first().body
    edit(draft, by=author, text="<p>Something new.</p>")
    workflow.submit_for_review(draft, by=author)
    edit(draft, by=author, text=original)
    assert draft.state == State.PUBLISHED


def test_editing_a_scheduled_article_cancels_the_schedule_and_tells_the_editor(
    draft, author, reviewer, editor, django_capture_on_commit_callbacks
):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.schedule(draft, by=editor, at=timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        edit(draft, by=author, text="<p>A late change.</p>")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.scheduled_for is None
    run_enqueued(send_schedule_failed_email)  # the worker sends the email
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    assert "changed it after it was approved" in mail.outbox[0].body


def test_a_scheduled_publication_that_fails_keeps_a_valid_approval(draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.schedule(draft, by=editor, at=timezone.now() + datetime.timedelta(days=1))
    editor.groups.clear()  # the scheduling editor lost the right to publish
    Article.objects.filter(pk=draft.pk).update(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))
    assert workflow.publish_if_due(draft) is None
    assert Article.objects.get(pk=draft.pk).state == State.APPROVED


def test_only_the_commenter_a_reviewer_or_an_editor_resolves_a_comment(draft, author, reviewer, editor):
    comment = workflow.add_comment(draft, by=reviewer, body="Why?")
    assert workflow.may_resolve_comment(comment, reviewer)
    assert workflow.may_resolve_comment(comment, factories.reviewer(username="second-reviewer"))
    assert workflow.may_resolve_comment(comment, editor)
    # Writing the article does not let its authors clear a reviewer's objection ...
    assert not workflow.may_resolve_comment(comment, author)
    # ... nor does an edit and its undo by an author who had not touched it.
    newcomer = factories.author(username="newcomer")
    edit(draft, by=newcomer, text="<p>Changed.</p>")
    edit(draft, by=newcomer, text="<p>Body text 0 about metastasis.</p>")
    assert newcomer.pk in workflow.authors_of(draft)
    with pytest.raises(PermissionDenied):
        workflow.resolve_comment(comment, by=newcomer)
    assert not draft.review_comments.get().is_resolved
    # Authors may resolve the comments they wrote themselves.
    own = workflow.add_comment(draft, by=author, body="Note to self: check the dose.")
    workflow.resolve_comment(own, by=author)
    assert draft.review_comments.get(pk=own.pk).resolved_by == author
