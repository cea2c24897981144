"""Who may re-confirm a published article whose review is due, and when: reviewers who
did not write it, on the page readers see as it is, with as many re-confirmations as a
publication needs approvals; translations follow their English source. Plus the
editors' weekly reminder's recipients, the admin's answers to odd input, the review
queue's cost, and the dates a translation's page shows."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.admin.forms import ArticleForm
from articles.models import Article, PublishedVersion, Review, ReviewReminder, WorkflowEvent
from articles.tasks import send_review_reminder_email, send_review_reminders
from tests import factories
from tests.admin_forms import admin_form_data
from tests.tasks import run_enqueued

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 3, 31)


def fall_due(article, reviewed_on=LONG_AGO):
    """Move the article's last review back, so that its next one is overdue today."""
    Article.objects.filter(pk=article.pk).update(reviewed_on=reviewed_on)
    article.refresh_from_db()
    return article


@pytest.fixture
def due_article(publish):
    article = factories.full_article(title="Early spread of breast cancer", slug="early-spread")
    publish(article)
    return fall_due(article)


def test_a_reviewer_reconfirms_without_a_new_version_or_a_signal(due_article, reviewer):
    from articles.signals import article_published

    sent = []
    article_published.connect(receiver := lambda **kwargs: sent.append(kwargs), weak=False)
    try:
        versions = PublishedVersion.objects.count()
        workflow.reconfirm(due_article, by=reviewer)
    finally:
        article_published.disconnect(receiver)
    assert due_article.reviewed_on == timezone.localdate()
    assert PublishedVersion.objects.count() == versions
    assert sent == []
    review = Review.objects.get(decision=Review.Decision.RECONFIRMED)
    assert review.fingerprint == due_article.live_version.fingerprint
    assert review.get_decision_display() == "Re-confirmed without changes"


def test_an_author_cannot_reconfirm(due_article):
    with pytest.raises(PermissionDenied):
        workflow.reconfirm(due_article, by=factories.author(username="writer-only"))


def test_someone_who_wrote_the_article_cannot_reconfirm_it(publish):
    writer = factories.editor(username="writing-editor")  # editors may review others' work
    article = factories.full_article(created_by=writer)
    workflow.record_created(article, by=writer)
    publish(article)
    fall_due(article)
    with pytest.raises(PermissionDenied, match="you wrote or edited"):
        workflow.reconfirm(article, by=writer)
    assert "reconfirm" not in workflow.available_steps(article, writer)


def test_an_article_whose_review_is_not_due_yet_is_not_reconfirmed(publish, reviewer):
    article = factories.full_article()
    publish(article)
    assert "reconfirm" not in workflow.available_steps(article, reviewer)
    with pytest.raises(ValidationError, match="its review is due on"):
        workflow.reconfirm(article, by=reviewer)


def test_a_review_due_soon_can_be_reconfirmed_early(publish, reviewer, settings):
    settings.XRAYS_REVIEW_DUE_SOON_DAYS = 30
    article = factories.full_article()
    publish(article)
    fall_due(article, reviewed_on=timezone.localdate() - datetime.timedelta(days=720))  # due in ~10 days
    assert "reconfirm" in workflow.available_steps(article, reviewer)


def test_a_pending_edit_must_go_through_review_instead(due_article, reviewer, editor):
    section = due_article.sections.first()
    before = workflow.draft_content(due_article)[1]
    section.body = "<p>A newer finding.</p>"
    section.save()
    workflow.record_edit(due_article, by=editor, fingerprint_before=before)
    with pytest.raises(ValidationError):
        workflow.reconfirm(due_article, by=reviewer)


def test_a_draft_changed_behind_the_workflow_is_not_reconfirmed(due_article, reviewer):
    Article.objects.filter(pk=due_article.pk).update(summary="Changed by a script.")
    due_article.refresh_from_db()
    assert due_article.state == Article.State.PUBLISHED
    with pytest.raises(ValidationError, match="changes readers do not see"):
        workflow.reconfirm(due_article, by=reviewer)
    assert due_article.reviewed_on == LONG_AGO


def test_with_two_approvals_required_two_reviewers_reconfirm(due_article, reviewer, settings):
    settings.XRAYS_REQUIRED_APPROVALS = 2
    workflow.reconfirm(due_article, by=reviewer, comment="Fine.")
    due_article.refresh_from_db()
    assert due_article.reviewed_on == LONG_AGO
    assert (
        WorkflowEvent.objects.filter(article=due_article).first().comment
        == "Fine.\n(1 of 2 re-confirmations)"
    )
    assert workflow.reconfirmation_status(due_article) == (1, 2)
    with pytest.raises(ValidationError, match="already re-confirmed"):
        workflow.reconfirm(due_article, by=reviewer)
    workflow.reconfirm(due_article, by=factories.reviewer(username="second-reviewer"))
    due_article.refresh_from_db()
    assert due_article.reviewed_on == timezone.localdate()


def test_reconfirmations_of_an_earlier_round_do_not_count_again(due_article, reviewer, settings):
    settings.XRAYS_REQUIRED_APPROVALS = 2
    workflow.reconfirm(due_article, by=reviewer)
    workflow.reconfirm(due_article, by=factories.reviewer(username="second-reviewer"))
    fall_due(due_article, reviewed_on=timezone.localdate() - datetime.timedelta(days=800))
    Review.objects.filter(decision=Review.Decision.RECONFIRMED).update(
        created_at=timezone.now() - datetime.timedelta(days=900)
    )
    assert workflow.reconfirmation_status(due_article) == (0, 2)


def test_a_translation_follows_its_source_and_is_not_reconfirmed_itself(due_article, publish, reviewer):
    spanish = factories.spanish_translation(due_article, slug="propagacion-temprana")
    publish(spanish)
    fall_due(spanish)
    assert "reconfirm" not in workflow.available_steps(spanish, reviewer)
    with pytest.raises(ValidationError, match="follows the review of its English source"):
        workflow.reconfirm(spanish, by=reviewer)
    assert spanish not in Article.objects.review_overdue(timezone.localdate())


def test_the_spanish_page_shows_the_review_dates_of_its_english_source(client, due_article, publish):
    spanish = factories.spanish_translation(due_article, slug="propagacion-temprana")
    publish(spanish)
    Article.objects.filter(pk=due_article.pk).update(
        reviewed_on=datetime.date(2026, 1, 31), review_interval_months=1
    )
    page = client.get("/es/articles/propagacion-temprana/").text
    assert '<time datetime="2026-01-31">' in page
    assert '<time datetime="2026-02-28">' in page
    assert 'class="notice review-notice" role="note"' in page


def test_an_editor_sets_the_interval_within_one_to_120_months(due_article):
    data = {
        "title": due_article.title,
        "slug": due_article.slug,
        "entry_type": due_article.entry_type,
        "summary": due_article.summary,
        "edit_revision": due_article.revision,
    }
    for months, valid in [("12", True), ("", True), ("0", False), ("121", False), ("99999999999", False)]:
        form = ArticleForm({**data, "review_interval_months": months}, instance=due_article)
        form.fields.pop("relevant_for")
        form.fields.pop("also_relevant_for")
        assert form.is_valid() == valid, (months, form.errors)


def test_an_overlong_reconfirmation_comment_comes_back_with_what_was_typed(client, due_article, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/articles/article/{due_article.pk}/workflow/reconfirm/",
        {"comment": "x" * 20_000},
        follow=True,
    )
    assert response.status_code == 200
    assert "at most 5000 characters" in response.text
    assert "x" * 20_000 in response.text  # the form is there again, with the comment
    due_article.refresh_from_db()
    assert due_article.reviewed_on == LONG_AGO


def test_a_nul_byte_in_a_reconfirmation_is_refused_plainly(client, due_article, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/articles/article/{due_article.pk}/workflow/reconfirm/", {"comment": "nul \x00 byte"}
    )
    assert response.status_code == 400
    due_article.refresh_from_db()
    assert due_article.reviewed_on == LONG_AGO


def test_reconfirming_an_unknown_article_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.post("/admin/articles/article/999999/workflow/reconfirm/").status_code == 404


def test_the_review_queue_costs_the_same_however_many_reviews_are_due(client, publish, editor):
    def queue_queries():
        client.force_login(editor)
        client.get("/admin/articles/article/review-queue/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/articles/article/review-queue/")
        assert response.status_code == 200
        return len(queries), response.text

    for _ in range(2):
        fall_due(publish(factories.full_article()).article)
    few, _ = queue_queries()
    for n in range(6):
        article = factories.full_article()
        publish(article)
        fall_due(article, reviewed_on=timezone.localdate() - datetime.timedelta(days=720 + n))
    many, html = queue_queries()
    assert few == many
    assert html.split('id="review-overdue"')[1].split("</h2>")[0] == ">Review overdue (2)"
    assert "Review due within 30 days (6)" in html


def test_the_weekly_reminder_goes_to_active_editors_with_an_address_only(
    due_article, editor, reviewer, django_capture_on_commit_callbacks
):
    factories.editor(username="left", is_active=False)
    factories.editor(username="no-address", email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders.call()
    assert result["overdue"] == 1
    run_enqueued(send_review_reminder_email)
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert ReviewReminder.objects.get().overdue == 1
    assert send_review_reminders.call()["sent"] == "already this week"


def test_no_reminder_is_sent_when_nothing_is_due(publish, editor):
    publish(factories.full_article())
    mail.outbox.clear()
    assert send_review_reminders.call()["sent"] == "nothing due"
    assert run_enqueued(send_review_reminder_email) == 0
    assert mail.outbox == []


def test_articles_published_before_review_dates_get_their_live_versions_day(publish):
    article = factories.full_article()
    version = publish(article)
    Article.objects.filter(pk=article.pk).update(reviewed_on=None)
    PublishedVersion.objects.filter(pk=version.pk).update(
        published_at=datetime.datetime(2024, 5, 6, 12, tzinfo=datetime.UTC)
    )
    migration = importlib.import_module("articles.migrations.0016_review_dates")
    migration.reviewed_when_published(apps, None)
    article.refresh_from_db()
    assert article.reviewed_on == datetime.date(2024, 5, 6)


def test_the_spanish_page_says_when_it_was_reviewed_in_spanish(client, due_article, publish):
    """(Passes once the Spanish catalogue has this part's words.)"""
    spanish = factories.spanish_translation(due_article, slug="propagacion-temprana")
    publish(spanish)
    page = client.get("/es/articles/propagacion-temprana/").text
    assert (
        'Revisado por el Consejo Asesor Científico el <time datetime="2020-03-31">31 de marzo de 2020</time>'
        in page
    )
    assert 'Próxima revisión prevista el <time datetime="2022-03-31">' in page
    assert "Esta reseña se está revisando de nuevo." in page
    assert "Nuestro Consejo Asesor Científico revisa cada página cada 24 meses." in page


def test_an_editor_changes_the_interval_and_readers_see_the_new_due_date_at_once(client, due_article, editor):
    assert '<time datetime="2022-03-31">' in client.get("/articles/early-spread/").text  # kept by the cache
    client.force_login(editor)
    change = f"/admin/articles/article/{due_article.pk}/change/"
    data = admin_form_data(client, change, "article_form")
    response = client.post(change, {**data, "review_interval_months": "121"})
    assert response.status_code == 200
    assert "less than or equal to 120" in response.text
    response = client.post(change, {**data, "review_interval_months": "6"})
    assert response.status_code == 302
    due_article.refresh_from_db()
    assert (due_article.review_interval_months, due_article.state) == (6, Article.State.PUBLISHED)
    client.logout()
    page = client.get("/articles/early-spread/").text
    assert 'Next review due <time datetime="2020-09-30">' in page
