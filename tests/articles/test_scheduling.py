"""Scheduling: one rule for the time, the editor's choices travel with the schedule, and
the editor is told the truth when a scheduled publication does not go out."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.signals import article_published
from articles.tasks import send_schedule_failed_email
from tests import factories
from tests.tasks import run_enqueued

pytestmark = pytest.mark.django_db
State = Article.State


@pytest.fixture
def author(db):
    return factories.author(username="author")


@pytest.fixture
def approved(author, reviewer):
    article = factories.full_article(created_by=author, slug="early-spread")
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    workflow.approve(article, by=reviewer)
    return article


def make_due(article):
    Article.objects.filter(pk=article.pk).update(scheduled_for=timezone.now() - datetime.timedelta(minutes=1))


def published_signals():
    received = []

    def receiver(sender, article, version, notify_subscribers, **kwargs):
        received.append((version.number, version.change_summary, notify_subscribers))

    article_published.connect(receiver, weak=False, dispatch_uid="test-scheduling")
    return received


@pytest.fixture
def signals():
    received = published_signals()
    yield received
    article_published.disconnect(dispatch_uid="test-scheduling")


def test_the_scheduled_publication_uses_the_summary_and_notify_choice_made_when_scheduling(
    approved, editor, signals, django_capture_on_commit_callbacks
):
    workflow.schedule(
        approved,
        by=editor,
        at=timezone.now() + datetime.timedelta(hours=2),
        change_summary="Added the 2024 trial results",
        notify_subscribers=True,
    )
    make_due(approved)
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.publish_if_due(approved)
    assert version.change_summary == "Added the 2024 trial results"
    assert signals == [(1, "Added the 2024 trial results", True)]
    approved.refresh_from_db()
    assert approved.scheduled_change_summary == "" and approved.scheduled_notify is False


def test_unscheduling_forgets_the_choices(approved, editor):
    workflow.schedule(
        approved,
        by=editor,
        at=timezone.now() + datetime.timedelta(hours=2),
        change_summary="x",
        notify_subscribers=True,
    )
    workflow.unschedule(approved, by=editor)
    approved.refresh_from_db()
    assert (approved.scheduled_change_summary, approved.scheduled_notify) == ("", False)


@pytest.mark.parametrize(
    "ahead, message",
    [
        (datetime.timedelta(seconds=10), "in the future"),
        (-datetime.timedelta(days=1), "in the future"),
        (datetime.timedelta(days=731), "within the next two years"),
    ],
)
def test_one_rule_for_the_time_in_the_workflow_and_the_form(approved, editor, ahead, message):
    at = timezone.now() + ahead
    with pytest.raises(ValidationError, match=message):
        workflow.schedule(approved, by=editor, at=at)
    from articles.admin.forms import ScheduleForm

    form = ScheduleForm({"publish_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")}, article=approved)
    assert not form.is_valid() and message in str(form.errors["publish_at"])
    assert Article.objects.get(pk=approved.pk).state == State.APPROVED


def test_the_year_9999_is_refused_with_a_message_and_what_was_typed_is_kept(client, approved, editor):
    client.force_login(editor)
    url = f"/admin/articles/article/{approved.pk}/workflow/schedule/"
    response = client.post(
        url, {"publish_at": "9999-12-31T23:59", "change_summary": "Typed with care"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "within the next two years" in html
    assert 'value="9999-12-31T23:59"' in html and 'value="Typed with care"' in html
    assert Article.objects.get(pk=approved.pk).scheduled_for is None
    # Once shown, the page is back to an empty form.
    assert (
        'value="Typed with care"'
        not in client.get(f"/admin/articles/article/{approved.pk}/change/").content.decode()
    )


def test_an_impossible_date_is_refused_not_a_500(client, approved, editor):
    client.force_login(editor)
    url = f"/admin/articles/article/{approved.pk}/workflow/schedule/"
    for typed in ["10000-01-01T00:00", "0000-01-01T00:00", "2026-13-45T25:61", "\x00"]:
        response = client.post(url, {"publish_at": typed}, follow=True)
        assert response.status_code in {200, 400}, typed
        assert Article.objects.get(pk=approved.pk).state == State.APPROVED


def test_publishing_an_update_with_notify_needs_a_change_summary(client, approved, editor):
    workflow.publish(approved, by=editor)
    section = approved.sections.first()
    section.body = "<p>New results.</p>"
    section.save()
    workflow.submit_for_review(approved, by=editor)
    workflow.approve(approved, by=factories.reviewer(username="second-reviewer"))
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{approved.pk}/change/").content.decode()
    # An update: "Notify followers" is ticked by default.
    checkbox = re.search(r'<input[^>]*id="publish-notify_subscribers"[^>]*>', page).group(0)
    assert "checked" in checkbox
    url = f"/admin/articles/article/{approved.pk}/workflow/publish/"
    response = client.post(url, {"notify_subscribers": "on", "change_summary": ""}, follow=True)
    assert "Say what changed" in response.content.decode()
    assert Article.objects.get(pk=approved.pk).live_version.number == 1
    response = client.post(url, {"notify_subscribers": "on", "change_summary": "New results"}, follow=True)
    assert Article.objects.get(pk=approved.pk).live_version.number == 2


def test_a_first_publication_needs_no_change_summary(approved):
    from articles.admin.forms import PublishForm

    form = PublishForm({"notify_subscribers": "on"}, article=approved)
    assert form.is_valid() and form.fields["notify_subscribers"].initial is False


# --- the email when a scheduled publication does not go out ---------------------------


def test_when_the_approval_still_holds_the_email_says_it_is_still_approved(
    approved, editor, django_capture_on_commit_callbacks
):
    workflow.schedule(approved, by=editor, at=timezone.now() + datetime.timedelta(hours=1))
    editor.groups.clear()  # the editor who scheduled it can no longer publish
    make_due(approved)
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.publish_if_due(approved) is None
    assert Article.objects.get(pk=approved.pk).state == State.APPROVED
    run_enqueued(send_schedule_failed_email)  # the worker sends the email
    (email,) = mail.outbox
    assert "can no longer publish" in email.body
    assert "still approved" in email.body and "back in review" not in email.body


def test_when_the_approval_went_stale_the_email_says_it_is_back_in_review(
    approved, editor, django_capture_on_commit_callbacks
):
    workflow.schedule(approved, by=editor, at=timezone.now() + datetime.timedelta(hours=1))
    section = approved.sections.first()
    section.body = "<p>Changed behind the workflow's back.</p>"
    section.save()
    make_due(approved)
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.publish_if_due(approved) is None
    assert Article.objects.get(pk=approved.pk).state == State.IN_REVIEW
    run_enqueued(send_schedule_failed_email)  # the worker sends the email
    (email,) = mail.outbox
    assert "back in review" in email.body and "still approved" not in email.body


def test_upgrading_cancels_a_schedule_stored_for_an_impossible_date(approved, editor):
    """Before dates were bounded, 9999-12-31 could be stored; on PostgreSQL it could not
    even be read back. The migration cancels such schedules without reading the rows."""
    import importlib

    from django.apps import apps

    workflow.schedule(approved, by=editor, at=timezone.now() + datetime.timedelta(days=1))
    Article.objects.filter(pk=approved.pk).update(
        scheduled_for=datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)
    )
    migration = importlib.import_module("articles.migrations.0003_schedule_choices")
    migration.unschedule_impossible_dates(apps, None)
    approved.refresh_from_db()
    assert approved.state == State.APPROVED and approved.scheduled_for is None
