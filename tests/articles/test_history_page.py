"""An article's public review history: every published version with its date, what
changed and who reviewed it, and nothing that was never published."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import demo, demo_es, workflow
from articles.models import Article, ReviewerCredit
from tests import factories
from xrays import generations

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(publish):
    article = factories.full_article(n_items=2, slug="early-spread", title="Cancer cells can spread early")
    section = article.sections.first()
    section.body = "<p>Cancer cells can spread early. Doctors watch for it closely.</p>"
    section.save()
    publish(article)
    return article


def history(client, slug="early-spread", prefix=""):
    response = client.get(f"{prefix}/articles/{slug}/history/")
    assert response.status_code == 200
    return response.content.decode()


def edit_first_section(article, body):
    section = article.sections.first()
    section.body = body
    section.save()


def test_a_reader_sees_the_example_articles_versions_in_its_history(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    english = Article.objects.get(slug=demo.SLUG)
    page = history(client, demo.SLUG)
    for version in english.versions.all():
        assert f"Version {version.number}" in page
    assert "First published." in page
    assert "Reviewed by a member of the Scientific Advisory Board." in page
    # The demo reviewer never agreed to be named: neither log-in nor name shows.
    assert "Named with their agreement" not in page and 'href="/admin/' not in page
    # The translation's own record, pointing to the English one the science was reviewed in.
    translation = Article.objects.get(slug=demo_es.SLUG)
    spanish = history(client, demo_es.SLUG, prefix="/es")
    assert translation.live_version.title in spanish
    assert "Versión 1" in spanish and "Revisada por un miembro del Consejo Asesor Científico." in spanish
    assert "Esta es una traducción." in spanish
    assert f'href="/articles/{demo.SLUG}/history/"' in spanish


def test_a_reader_of_the_history_never_sees_a_draft_a_comment_or_a_private_note(
    client, article, editor, reviewer, approve
):
    draft_sentence = "Zanzibar draft sentence never published."
    edit_first_section(article, f"<p>Cancer cells can spread early. {draft_sentence}</p>")
    workflow.submit_for_review(article, by=factories.author(username="author"))
    workflow.add_comment(article, by=reviewer, body="Quokka section comment, private.")
    workflow.request_changes(article, by=reviewer, comment="Narwhal review comment, private.")
    workflow.share_preview(
        article,
        by=editor,
        recipient="Dr. Wombat Preview Recipient",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    secrets = [
        draft_sentence,
        "Quokka",
        "Narwhal",
        "Wombat",
        "Axolotl",
    ]
    page = history(client)
    for secret in secrets:
        assert secret not in page

    # Withdrawn with a private reason, then published again: the reason stays private.
    other = factories.full_article(slug="withdrawn-then-back")
    version = workflow.publish(approve(other), by=editor)
    workflow.withdraw(other, by=editor, reason="Axolotl withdrawal reason, private.")
    assert client.get("/articles/withdrawn-then-back/history/").status_code == 404
    other.refresh_from_db()
    edit_first_section(other, "<p>Back with a correction.</p>")
    workflow.publish(approve(other), by=editor, change_summary="Corrected a figure.")
    back = history(client, "withdrawn-then-back")
    assert "Axolotl" not in back and "Corrected a figure." in back
    assert version.number == 1

    # Once the draft is reviewed and published, its sentence is part of the record.
    workflow.submit_for_review(article, by=factories.author(username="author"))
    workflow.approve(article, by=reviewer, comment="Narwhal approval comment, private.")
    workflow.publish(article, by=editor, change_summary="Added a sentence.")
    page = history(client)
    assert draft_sentence in page
    assert "Added a sentence." in page
    for secret in ["Quokka", "Narwhal", "Wombat", "Axolotl"]:
        assert secret not in page


def test_a_reader_sees_what_changed_between_versions_as_sentences_and_items(client, article, publish):
    edit_first_section(article, "<p>Cancer cells can spread very early. Doctors watch for it closely.</p>")
    article.doctor_questions.create(order=9, text="Should I have a scan?")
    article.doctor_questions.filter(text="Question 0?").delete()
    article.sections.create(order=9, heading="What is still unknown", body="<p>Much.</p>")
    article.sections.filter(heading="Part 1").delete()
    article.title = "Cancer cells can spread earlier than thought"
    article.save()
    publish(article, change_summary="Clearer wording.")
    page = history(client)
    assert page.index("Version 2") < page.index("Version 1")
    assert "Differences from version 1" in page
    assert "Title changed" in page
    assert "Changed: Part 0" in page
    assert "Cancer cells can spread <ins>very</ins> early." in page
    assert "Doctors watch for it closely." not in page  # an unchanged sentence is left out
    assert "Section added: What is still unknown" in page
    assert "Section removed: Part 1" in page
    assert "Questions to ask your doctor" in page
    assert "<ins>Should I have a scan?</ins>" in page and "<del>Question 0?</del>" in page
    assert "Trial 1" not in page  # lists that did not change are left out


def test_reviewers_are_named_only_when_they_agreed(client, article, editor, publish):
    reviewer = factories.reviewer(username="reviewer")  # the reviewer who approved
    second = factories.reviewer(username="second")
    ReviewerCredit.objects.create(user=reviewer, public_name="Dr. Ana Ruiz", public_role="medical oncologist")
    page = history(client)
    assert "Dr. Ana Ruiz" not in page

    # Agreeing (or taking it back) changes every history page at once.
    ReviewerCredit.objects.filter(user=reviewer).update(named_publicly=True)
    page = history(client)
    assert "Dr. Ana Ruiz, medical oncologist" in page
    assert "Named with their agreement:" in page

    edit_first_section(article, "<p>A second version.</p>")
    with override_settings(XRAYS_REQUIRED_APPROVALS=2):
        workflow.submit_for_review(article, by=factories.author(username="author"))
        workflow.approve(article, by=reviewer)
        workflow.approve(article, by=second)
        workflow.publish(article, by=editor)
    page = history(client)
    assert "Reviewed by 2 members of the Scientific Advisory Board." in page
    assert "second" not in page.lower().replace("second version", "")
    assert page.count("Dr. Ana Ruiz") == 2
    credit = ReviewerCredit.objects.get(user=reviewer)
    credit.named_publicly = False
    credit.save()
    assert "Dr. Ana Ruiz" not in history(client)


def test_a_re_confirmation_without_changes_is_listed_once_the_board_has_checked(client, article, reviewer):
    Article.objects.filter(pk=article.pk).update(reviewed_on=datetime.date(2020, 3, 31))  # long overdue
    second = factories.reviewer(username="second")
    ReviewerCredit.objects.create(user=second, named_publicly=True, public_name="Dr. Luis Vega")
    with override_settings(XRAYS_REQUIRED_APPROVALS=2):
        workflow.reconfirm(Article.objects.get(pk=article.pk), by=reviewer)
        # One of the two re-confirmations needed: not yet a check by the Board.
        assert "Checked again" not in history(client)
        workflow.reconfirm(Article.objects.get(pk=article.pk), by=second)
        page = history(client)
    assert "Checked again by the Scientific Advisory Board: no changes needed" in page
    assert "Confirmed by 2 members of the Scientific Advisory Board." in page
    assert "Dr. Luis Vega" in page
    assert page.index("Checked again") < page.index("Version 1")
    assert article.versions.count() == 1


def test_a_withdrawn_article_has_no_history_page(client, article, editor):
    workflow.withdraw(article, by=editor, reason="Private reason.")
    assert client.get("/articles/early-spread/history/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/articles/no-such-article/history/",
        "/articles/%C3%A9t%C3%A9/history/",
        "/articles/early-spread%00/history/",
        "/articles/" + "x" * 20000 + "/history/",
    ],
)
def test_an_unknown_or_hostile_address_gets_a_clear_answer(client, article, address):
    assert client.get(address).status_code in {400, 404}


def test_head_and_a_renamed_articles_old_address(client, article, publish):
    assert client.head("/articles/early-spread/history/").status_code == 200
    article.slug = "spread-early"
    article.save()
    publish(article)
    response = client.get("/articles/early-spread/history/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/spread-early/history/"


def test_the_article_page_links_to_its_history(client, article):
    page = client.get("/articles/early-spread/").content.decode()
    assert 'href="/articles/early-spread/history/"' in page


def test_the_history_is_cached_whole_and_does_not_grow_with_versions(client, publish):
    def with_versions(slug, n):
        article = factories.full_article(n_items=2, slug=slug)
        publish(article)
        for i in range(1, n):
            edit_first_section(article, f"<p>Version {i} says something new.</p>")
            publish(article, change_summary=f"Update {i}")
        return f"/articles/{slug}/history/"

    def queries(url):
        generations.bump("query-count-test")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few, many = with_versions("few", 2), with_versions("many", 4)
    assert queries(few) == queries(many)
    # Served again from the page cache (tests/articles/test_history_page_cache.py counts
    # its queries, committed as a web process does).
    assert client.get(many)["X-Page-Cache"] == "hit"
