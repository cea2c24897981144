"""The editorial cycle as editors, authors and reviewers do it in the admin."""

import datetime
import re

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import Article, PreviewLink, WorkflowEvent
from articles.workflow.previews import PREVIEW_SALT
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db
State = Article.State


@pytest.fixture
def author(db):
    return factories.author(username="author", first_name="Ada", last_name="Author")


@pytest.fixture
def draft(author):
    article = factories.full_article(created_by=author, title="Early spread", slug="early-spread")
    workflow.record_created(article, by=author)
    return article


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def step_url(article, step):
    return f"/admin/articles/article/{article.pk}/workflow/{step}/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- each role's buttons ---------------------------------------------------------------


def test_each_role_sees_only_the_steps_it_may_take(client, draft, author, reviewer, editor):
    client.force_login(author)
    html = page(client, change_url(draft))
    assert "Submit for review" in html and ">Approve<" not in html and "Publish now" not in html
    assert 'name="_save"' in html  # authors edit

    workflow.submit_for_review(draft, by=author)
    client.force_login(reviewer)
    html = page(client, change_url(draft))
    assert ">Approve<" in html and "Request changes" in html
    assert "Publish now" not in html and "Submit for review" not in html
    assert 'name="_save"' not in html  # reviewers read, they do not edit
    assert "<p>Body text 0 about metastasis.</p>" in html  # formatted, not HTML source

    workflow.approve(draft, by=reviewer)
    client.force_login(editor)
    html = page(client, change_url(draft))
    assert "Publish now" in html and "Schedule" in html and "Create a preview link" in html


def test_reviewers_cannot_edit_content(client, draft, reviewer):
    client.force_login(reviewer)
    data = admin_form_data(client, change_url(draft), "article_form")
    data["title"] = "Changed by a reviewer"
    assert client.post(change_url(draft), data).status_code == 403
    assert Article.objects.get(pk=draft.pk).title == "Early spread"


# --- the cycle through the admin's buttons -------------------------------------------


def test_the_whole_cycle_through_the_admin(client, draft, author, reviewer, editor):
    client.force_login(author)
    response = client.post(step_url(draft, "submit"), follow=True)
    assert "Submitted for review" in " ".join(messages_of(response))

    client.force_login(reviewer)
    response = client.post(step_url(draft, "approve"), {"comment": "Accurate."}, follow=True)
    assert "Approved" in " ".join(messages_of(response))

    client.force_login(editor)
    response = client.post(step_url(draft, "publish"), {"change_summary": ""}, follow=True)
    assert "Published as version 1" in " ".join(messages_of(response))
    assert client.get("/articles/early-spread/").status_code == 200
    assert list(draft.events.order_by("pk").values_list("action", flat=True)) == [
        "created",
        "submitted",
        "approved",
        "published",
    ]


def test_a_refused_step_says_why_and_changes_nothing(client, draft, author):
    client.force_login(author)
    response = client.post(step_url(draft, "publish"), {}, follow=True)
    assert "You do not have permission to publish articles." in messages_of(response)
    response = client.post(step_url(draft, "approve"), {}, follow=True)
    assert "You do not have permission to approve articles." in messages_of(response)
    assert Article.objects.get(pk=draft.pk).state == State.DRAFT
    assert draft.events.count() == 1


def test_requesting_changes_needs_a_comment(client, draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    client.force_login(reviewer)
    response = client.post(step_url(draft, "request_changes"), {"comment": ""}, follow=True)
    assert any("Say what needs to change" in m for m in messages_of(response))
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW


def test_withdrawal_from_the_admin_needs_a_reason(client, draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    client.force_login(editor)
    response = client.post(step_url(draft, "withdraw"), {"reason": ""}, follow=True)
    assert any("Give the reason" in m for m in messages_of(response))
    assert Article.objects.get(pk=draft.pk).live_version is not None
    client.post(step_url(draft, "withdraw"), {"reason": "Retracted by the journal."})
    draft.refresh_from_db()
    assert draft.state == State.WITHDRAWN and draft.withdrawal_reason == "Retracted by the journal."


def test_scheduling_from_the_admin_enqueues_the_publication(
    client, draft, author, reviewer, editor, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    client.force_login(editor)
    at = timezone.localtime() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            step_url(draft, "schedule"), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")}, follow=True
        )
    assert any("Scheduled for" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.state == State.SCHEDULED
    task = DBTaskResult.objects.get()
    assert task.task_path == "articles.tasks.publish_due_articles"
    assert abs((task.run_after - draft.scheduled_for).total_seconds()) < 1


# --- editing -------------------------------------------------------------------------


def test_a_later_save_on_a_stale_form_is_refused_and_keeps_what_was_typed(client, draft, author):
    other = factories.author(username="bea", first_name="Bea", last_name="Writer")
    client.force_login(author)
    mine = admin_form_data(client, change_url(draft), "article_form")
    client.force_login(other)
    theirs = admin_form_data(client, change_url(draft), "article_form")
    theirs["title"] = "Bea's title"
    assert client.post(change_url(draft), theirs).status_code == 302

    client.force_login(author)
    mine["title"] = "Ada title"
    mine["sections-0-body"] = "<p>Ada careful rewrite.</p>"
    response = client.post(change_url(draft), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bea Writer changed this article on" in html and "Nothing was saved" in html
    assert 'value="Ada title"' in html and "Ada careful rewrite" in html
    assert Article.objects.get(pk=draft.pk).title == "Bea's title"

    # Saving again, knowingly, replaces Bea's version.
    again = dict(mine)
    again["edit_revision"] = re.search(r'name="edit_revision" value="(\d+)"', html).group(1)
    assert client.post(change_url(draft), again).status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Ada title"


def test_editing_an_approved_article_sends_it_back_for_review(client, draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    client.force_login(author)
    data = admin_form_data(client, change_url(draft), "article_form")
    data["sections-0-body"] = "<p>A new claim.</p>"
    response = client.post(change_url(draft), data, follow=True)
    assert any("needs a new review" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.events.order_by("-pk").first().action == "edited"


def test_saving_without_changes_keeps_the_approval(client, draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    client.force_login(author)
    data = admin_form_data(client, change_url(draft), "article_form")
    assert client.post(change_url(draft), data).status_code == 302
    assert Article.objects.get(pk=draft.pk).state == State.APPROVED


# --- review aids ---------------------------------------------------------------------


def test_review_queue_lists_what_waits_for_me_oldest_first(client, author, reviewer):
    older = factories.full_article(created_by=author, title="Older submission")
    newer = factories.full_article(created_by=author, title="Newer submission")
    workflow.submit_for_review(older, by=author)
    workflow.submit_for_review(newer, by=author)
    Article.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(reviewer)
    html = page(client, "/admin/articles/article/review-queue/")
    assert html.index("Older submission") < html.index("Newer submission")
    assert f"/admin/articles/article/{older.pk}/compare/" in html
    workflow.approve(older, by=reviewer)
    html = page(client, "/admin/articles/article/review-queue/")
    assert "Older submission" not in html.split("Waiting for your review")[1].split("</table>")[0]


def test_compare_shows_word_level_changes_against_the_live_version(client, draft, author, reviewer, editor):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    section = draft.sections.get(heading="Part 0")
    section.body = "<p>Body text 0 about early metastasis.</p>"
    section.save()
    client.force_login(reviewer)
    html = page(client, f"/admin/articles/article/{draft.pk}/compare/")
    assert "Section: Part 0" in html
    assert (
        "<ins>early</ins>" in html.replace("<ins> early</ins>", "<ins>early</ins>")
        or "<ins>early </ins>" in html
    )
    assert "Unchanged" in html
    # Any two published versions.
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    html = page(client, f"/admin/articles/article/{draft.pk}/compare/?from=1&to=2")
    assert "early" in html and "Version 1" in html and "Version 2" in html
    assert client.get(f"/admin/articles/article/{draft.pk}/compare/?from=9").status_code == 404


def test_compare_shows_a_changed_link_target_contents_label_and_posted_date(
    client, draft, author, reviewer, editor
):
    section = draft.sections.get(heading="Part 0")
    section.body = '<p>Ask about <a href="https://www.cancer.gov/">this treatment</a>.</p>'
    section.save()
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    workflow.publish(draft, by=editor)
    draft.refresh_from_db()
    _, before = workflow.draft_content(draft)
    section.body = section.body.replace("https://www.cancer.gov/", "https://evil.example/buy-miracle-cure")
    section.toc_label = "Miracle cure"
    section.save()
    draft.posted_on = datetime.date(2001, 1, 1)
    draft.save()
    workflow.record_edit(draft, by=author, fingerprint_before=before)
    workflow.submit_for_review(draft, by=author)
    client.force_login(reviewer)
    html = page(client, f"/admin/articles/article/{draft.pk}/compare/")
    assert "No differences" not in html
    changed = html.split("<details>")[0]  # what is listed as changed, above the unchanged parts
    assert "<ins>https://evil.example/buy-miracle-cure</ins>" in changed
    assert "<ins>Contents label: Miracle cure · </ins>" in changed
    assert "Posted date" in changed and "<ins>2001</ins>" in changed


def test_review_comments_on_a_section_until_resolved(client, draft, author, reviewer):
    section = draft.sections.first()
    client.force_login(reviewer)
    client.post(f"/admin/articles/article/{draft.pk}/comments/", {"section": section.pk, "body": "Source?"})
    comment = draft.review_comments.get()
    assert comment.section == section
    resolve_url = f"/admin/articles/article/{draft.pk}/comments/{comment.pk}/resolve/"
    client.force_login(author)
    html = page(client, change_url(draft))
    assert "Source?" in html and "Mark resolved" not in html  # a reviewer's objection stays
    response = client.post(resolve_url, follow=True)
    assert any("comment's writer, a reviewer or an editor" in m for m in messages_of(response))
    comment.refresh_from_db()
    assert not comment.is_resolved
    second_reviewer = factories.reviewer(username="second-reviewer")
    client.force_login(second_reviewer)
    html = page(client, change_url(draft))
    assert "Source?" in html and "Mark resolved" in html
    client.post(resolve_url)
    comment.refresh_from_db()
    assert comment.resolved_by == second_reviewer


def test_the_record_is_visible_and_cannot_be_deleted_from_the_admin(client, draft, editor):
    event = draft.events.get()
    client.force_login(editor)
    assert "created" in page(client, "/admin/articles/workflowevent/").lower()
    assert (
        client.post(f"/admin/articles/workflowevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert WorkflowEvent.objects.filter(pk=event.pk).exists()


# --- preview --------------------------------------------------------------------------


def test_staff_preview_and_readers_404(client, draft, reviewer):
    assert client.get("/articles/early-spread/").status_code == 404
    assert client.get(f"/admin/articles/article/{draft.pk}/preview/").status_code == 404
    client.force_login(reviewer)
    assert "Preview: not published." in page(client, f"/admin/articles/article/{draft.pk}/preview/")


def test_signed_preview_links_for_outside_reviewers(client, draft, editor, author):
    client.force_login(author)
    client.post(f"/admin/articles/article/{draft.pk}/preview-links/", {"recipient": "Dr. Ruiz", "days": 7})
    assert not PreviewLink.objects.exists()  # authors cannot share drafts

    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{draft.pk}/preview-links/",
        {"recipient": "Dr. Ruiz", "days": 7},
        follow=True,
    )
    link = PreviewLink.objects.get()
    url = re.search(r"(http://testserver/preview/[^ ]+/)", " ".join(messages_of(response))).group(1)
    client.logout()

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html and "shared with Dr. Ruiz" in html
    assert "Part 0" in html
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    assert 'name="_save"' not in html  # read-only

    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    assert client.get(tampered).status_code == 404
    other = signing.dumps(link.pk + 1, salt=PREVIEW_SALT)
    assert client.get(f"/preview/{other}/").status_code == 410

    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(url).status_code == 410
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(url).status_code == 200

    client.force_login(editor)
    client.post(f"/admin/articles/article/{draft.pk}/preview-links/{link.pk}/revoke/")
    client.logout()
    response = client.get(url)
    assert response.status_code == 410 and "no longer works" in response.content.decode()
    assert list(draft.events.values_list("action", flat=True).order_by("pk"))[-2:] == [
        "preview_shared",
        "preview_revoked",
    ]


def test_audiences_and_references_are_found_by_typing(client, author):
    factories.AudienceFactory(name="people with breast cancer")
    factories.AudienceFactory(name="people with lung cancer")
    factories.ReferenceFactory(title="Early dissemination seeds metastasis in breast cancer")
    client.force_login(author)
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "relevant_for", "term": "breast"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["people with breast cancer"]
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "citation",
            "field_name": "reference",
            "term": "dissemination",
        },
    ).json()
    assert len(found["results"]) == 1


def test_article_list_filters_by_state_audience_author_and_reviewer(client, editor, author, reviewer):
    audience = factories.AudienceFactory(name="men with breast cancer")
    reviewed = factories.full_article(created_by=author, title="Reviewed one")
    reviewed.also_relevant_for.add(audience)
    workflow.submit_for_review(reviewed, by=author)
    workflow.approve(reviewed, by=reviewer)
    factories.full_article(created_by=editor, title="Editor's draft")
    client.force_login(editor)

    def titles(**params):
        response = client.get("/admin/articles/article/", params)
        return sorted(str(a) for a in response.context["cl"].result_list)

    assert titles(state="approved") == ["Reviewed one"]
    assert titles(audience="men-with-breast-cancer") == ["Reviewed one"]
    assert titles(author=editor.pk) == ["Editor's draft"]
    assert titles(reviewer=reviewer.pk) == ["Reviewed one"]
    assert titles(q="Reviewed") == ["Reviewed one"]


def test_steps_never_redirect_off_the_site(client, draft, author):
    client.force_login(author)
    response = client.post(step_url(draft, "submit"), {"next": "https://evil.example/phish"})
    assert response["Location"] == change_url(draft)


def test_staff_without_article_rights_cannot_read_drafts_through_compare_or_the_queue(client, draft):
    client.force_login(factories.UserFactory(username="staff-only"))
    assert client.get(f"/admin/articles/article/{draft.pk}/compare/").status_code == 403
    assert client.get("/admin/articles/article/review-queue/").status_code == 403


def test_approving_from_a_page_opened_before_an_edit_is_refused(client, draft, author, reviewer):
    workflow.submit_for_review(draft, by=author)
    client.force_login(reviewer)
    html = page(client, f"/admin/articles/article/{draft.pk}/compare/")
    seen = re.search(r'name="seen" value="([0-9a-f]{64})"', html).group(1)
    section = draft.sections.first()
    _, before = workflow.draft_content(draft)
    section.body = "<p>Edited meanwhile.</p>"
    section.save()
    workflow.record_edit(draft, by=author, fingerprint_before=before)
    response = client.post(step_url(draft, "approve"), {"seen": seen, "comment": ""}, follow=True)
    assert any("changed after you opened it" in m for m in messages_of(response)), messages_of(response)
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW


def test_changing_a_shared_reference_is_an_edit_of_every_article_citing_it(
    client, draft, author, reviewer, editor
):
    workflow.submit_for_review(draft, by=author)
    workflow.approve(draft, by=reviewer)
    reference = draft.citations.first().reference
    client.force_login(editor)
    data = admin_form_data(client, f"/admin/references/reference/{reference.pk}/change/", "reference_form")
    data["title"] = "A corrected title"
    response = client.post(f"/admin/references/reference/{reference.pk}/change/", data, follow=True)
    assert any("also a change to 1 article" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.state == State.DRAFT  # the approval no longer covers it
    workflow.submit_for_review(draft, by=author)
    with pytest.raises(PermissionDenied):
        workflow.approve(draft, by=editor)  # the editor now counts among its writers


def test_a_preview_link_shows_the_draft_as_it_was_shared(client, draft, editor):
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{draft.pk}/preview-links/",
        {"recipient": "Dr. Ruiz", "days": 7},
        follow=True,
    )
    url = re.search(r"(http://testserver/preview/[^ ]+/)", " ".join(messages_of(response))).group(1)
    section = draft.sections.first()
    section.body = "<p>Written after the link was sent.</p>"
    section.save()
    client.logout()
    html = client.get(url).content.decode()
    assert "Written after the link was sent." not in html and "Body text 0" in html
    editor.groups.clear()  # the sender may no longer share drafts
    assert client.get(url).status_code == 410


def test_only_editors_write_glossary_definitions(client, author, editor):
    client.force_login(author)
    assert client.get("/admin/glossary/term/add/").status_code == 403
    client.force_login(editor)
    assert client.get("/admin/glossary/term/add/").status_code == 200
