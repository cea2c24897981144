"""Reviewers are emailed when an article is submitted for review; whoever wrote it and
whoever submitted it are emailed when a reviewer approves it or requests changes. The
worker sends each email; nobody is emailed about a step they took themselves, and each
person can turn each kind off on their "Email notifications" page."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article, EmailPreference
from articles.tasks import send_review_step_email
from tests import factories
from tests.subscriptions.smtp import SMTPServer, text_of
from tests.tasks import run_enqueued

State = Article.State
PREFERENCES = "/admin/articles/article/email-notifications/"


@pytest.fixture
def author(db):
    return factories.author(username="author", first_name="Ada", last_name="Author")


@pytest.fixture
def draft(author):
    article = factories.full_article(created_by=author, title="Breast & bowel: “early” spread", slug="early")
    workflow.record_created(article, by=author)
    return article


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """Take a workflow step as the admin does: committed, so its emails are enqueued."""

    def _step(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _step


def worker_sends():
    """The worker sends every review email waiting; returns those sent, by address."""
    mail.outbox.clear()
    run_enqueued(send_review_step_email)
    return {message.to[0]: message for message in mail.outbox}


# --- submitted for review: the reviewers ----------------------------------------------


@pytest.mark.django_db
def test_submitting_an_article_emails_every_reviewer_but_not_the_one_who_submitted_it(
    draft, step, settings, editor
):
    settings.SITE_URL = "https://xrays.example.org"
    rita = factories.reviewer(username="rita", first_name="Rita", last_name="Viewer")
    sam = factories.reviewer(username="sam")
    factories.reviewer(username="gone", is_active=False)
    factories.reviewer(username="no-address", email="")
    # A reviewer by a permission of their own, not by the group.
    own = factories.UserFactory(username="own")
    own.user_permissions.add(Permission.objects.get(codename="review_article"))

    step(workflow.submit_for_review, draft, by=editor)  # editors may review: not this one

    sent = worker_sends()
    assert set(sent) == {rita.email, sam.email, own.email}
    message = sent[rita.email]
    assert message.subject == "Ready for your review: Breast & bowel: “early” spread"
    body = message.body
    assert body.startswith("Hello Rita Viewer,")
    assert "editor submitted “Breast & bowel: “early” spread” for review" in body
    assert f"https://xrays.example.org/admin/articles/article/{draft.pk}/compare/" in body
    assert "https://xrays.example.org/admin/articles/article/email-notifications/" in body
    assert "&amp;" not in body


@pytest.mark.django_db
def test_a_reviewer_who_wrote_part_of_the_article_is_not_asked_to_review_it(draft, step, author):
    rita = factories.reviewer(username="rita")
    writing_editor = factories.editor(username="writing-editor")
    workflow.record_edit(draft, by=writing_editor, fingerprint_before="")

    step(workflow.submit_for_review, draft, by=author)

    assert set(worker_sends()) == {rita.email}


@pytest.mark.django_db
def test_a_reviewer_who_turned_review_emails_off_on_their_page_is_not_emailed(client, draft, step, author):
    rita = factories.reviewer(username="rita")
    sam = factories.reviewer(username="sam")
    client.force_login(sam)
    page = client.get("/admin/").content.decode()
    assert f'href="{PREFERENCES}">Email notifications</a>' in page
    response = client.post(PREFERENCES, {"review_outcomes": "on"}, follow=True)
    assert "Your email notifications are saved." in response.content.decode()

    step(workflow.submit_for_review, draft, by=author)

    assert set(worker_sends()) == {rita.email}


@pytest.mark.django_db
def test_turning_emails_off_after_the_step_still_stops_the_email(draft, step, author):
    rita = factories.reviewer(username="rita")
    step(workflow.submit_for_review, draft, by=author)
    EmailPreference.objects.create(user=rita, review_requests=False)
    assert worker_sends() == {}


@pytest.mark.django_db
def test_each_person_sees_and_changes_only_their_own_email_notifications(client):
    rita = factories.reviewer(username="rita")
    sam = factories.reviewer(username="sam")
    EmailPreference.objects.create(user=sam, review_requests=False, review_outcomes=False)
    client.force_login(rita)

    html = client.get(PREFERENCES).content.decode()
    # Someone who never chose gets every email.
    assert html.count("checked") == 2
    assert "Email me when an article is submitted for review" in html
    client.post(PREFERENCES, {"review_requests": "on", "user": sam.pk})

    assert EmailPreference.of(rita).review_requests and not EmailPreference.of(rita).review_outcomes
    sam_now = EmailPreference.of(sam)
    assert not sam_now.review_requests and not sam_now.review_outcomes


def test_a_reader_who_is_not_staff_cannot_open_the_email_notifications_page(client, db):
    reader = factories.UserFactory(username="reader", is_staff=False)
    client.force_login(reader)
    response = client.get(PREFERENCES)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- approved, or changes requested: who wrote and who submitted it --------------------


@pytest.mark.django_db
def test_an_approval_emails_the_author_and_the_submitter_with_the_reviewers_comment(
    draft, step, author, editor
):
    rita = factories.reviewer(username="rita", first_name="Rita", last_name="Viewer")
    step(workflow.submit_for_review, draft, by=editor)
    worker_sends()

    step(workflow.approve, draft, by=rita, comment="Fine, but please name the study before publishing.")

    sent = worker_sends()
    assert set(sent) == {author.email, editor.email}
    message = sent[author.email]
    assert message.subject == "Approved: Breast & bowel: “early” spread"
    assert "Rita Viewer approved “Breast & bowel: “early” spread”." in message.body
    assert "Fine, but please name the study before publishing." in message.body
    assert "It has the approvals it needs: an editor can publish it now." in message.body


@pytest.mark.django_db
def test_a_request_for_changes_emails_the_author_what_to_change(draft, step, author):
    rita = factories.reviewer(username="rita", first_name="Rita", last_name="Viewer")
    step(workflow.submit_for_review, draft, by=author)
    worker_sends()

    step(workflow.request_changes, draft, by=rita, comment="Say which trial this was.")

    sent = worker_sends()
    assert set(sent) == {author.email}
    message = sent[author.email]
    assert message.subject == "Changes requested: Breast & bowel: “early” spread"
    assert "Rita Viewer requested changes to “Breast & bowel: “early” spread”:" in message.body
    assert "Say which trial this was." in message.body


@pytest.mark.django_db
def test_an_author_who_turned_outcome_emails_off_is_not_told(draft, step, author):
    rita = factories.reviewer(username="rita")
    EmailPreference.objects.create(user=author, review_outcomes=False)
    step(workflow.submit_for_review, draft, by=author)
    worker_sends()
    step(workflow.approve, draft, by=rita)
    assert worker_sends() == {}


@pytest.mark.django_db
def test_an_editor_who_reviews_what_they_submitted_is_not_emailed_about_their_own_step(step):
    """An editor may request changes to an article they submitted: they are told nothing."""
    editor = factories.editor(username="editor")
    article = factories.full_article(created_by=editor, title="Early spread", slug="early-spread")
    workflow.record_created(article, by=editor)
    step(workflow.submit_for_review, article, by=editor)
    worker_sends()
    step(workflow.request_changes, article, by=editor, comment="On second thoughts, a better title.")
    assert worker_sends() == {}


# --- the worker, with a mail server that is down ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_a_review_email_is_retried_until_it_is_delivered(draft, author):
    rita = factories.reviewer(username="rita")
    server = SMTPServer()
    with override_settings(MAILERS=server.mailers):
        workflow.submit_for_review(draft, by=author)  # commits: the email is enqueued

        call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
        failed, retry = DBTaskResult.objects.filter(task_path=send_review_step_email.module_path).order_by(
            "enqueued_at"
        )
        assert failed.status == "FAILED" and retry.status == "READY"
        assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW  # the step stands

        server.start()
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    server.stop()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    (message,) = server.inbox.messages
    assert message["To"] == rita.email
    assert "submitted" in text_of(message)
