"""Ratings with their reasons, and entry types: reviewed like any other content, shown
at a glance on the page, in print and in feeds."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from articles import workflow
from articles.admin.compare import compare
from articles.models import Article, ArticleRating, EntryType, PublishedVersion, RatingCriterion, RatingLevel
from articles.snapshot import CONTENT_FORMAT, fingerprint, snapshot
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

DEMO_URL = "/articles/does-metastasis-happen-earlier/"


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def rated():
    article = factories.full_article(n_items=1, slug="rated", entry_type=EntryType.STUDY_REVIEW)
    factories.rate(
        article, "science", "low", "Done in mice.", evidence="study in mice\n\nrandomised trial, 1,200 people"
    )
    factories.rate(article, "timeline", "pre-clinical", "Not yet tried in people.")
    return article


def test_type_and_ratings_are_in_the_snapshot_with_their_place_on_the_scale(rated):
    content = snapshot(rated)
    assert content["format"] == CONTENT_FORMAT == 3
    assert content["entry_type"] == {"value": "study_review", "name": "Study review"}
    science, timeline = content["ratings"]
    assert science == {
        "name": "Strength of science",
        "criterion": "science",
        "level": "Low",
        "level_slug": "low",
        "position": 1,
        "levels": 3,
        "rationale": "Done in mice.",
        "evidence": ["study in mice", "randomised trial, 1,200 people"],
    }
    assert (timeline["name"], timeline["level"], timeline["position"], timeline["levels"]) == (
        "Research timeline",
        "Pre-clinical",
        1,
        4,
    )
    # Only scales that ask for it list the evidence.
    assert timeline["evidence"] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda a: factories.rate(a, "science", "medium", "Done in mice."),
        lambda a: ArticleRating.objects.filter(article=a).update(rationale="Another reason."),
        lambda a: ArticleRating.objects.filter(article=a).update(evidence="a study in rats"),
        lambda a: factories.rate(a, "coverage", "good"),
        lambda a: ArticleRating.objects.filter(article=a, criterion__slug="timeline").delete(),
        lambda a: Article.objects.filter(pk=a.pk).update(entry_type=EntryType.UPDATE),
    ],
    ids=["level", "rationale", "evidence", "new rating", "removed rating", "entry type"],
)
def test_changing_a_rating_or_the_type_needs_a_new_approval(rated, publish, editor, change):
    publish(rated)
    rated.refresh_from_db()
    before = workflow.draft_content(rated)[1]
    change(rated)
    rated.refresh_from_db()
    assert workflow.record_edit(rated, by=editor, fingerprint_before=before)
    assert workflow.draft_content(rated)[1] != before
    assert rated.state == Article.State.DRAFT
    with pytest.raises(ValidationError):
        workflow.publish(rated, by=editor)
    # Reviewed again, it goes out, and readers see the change.
    version = publish(rated)
    assert version.fingerprint == fingerprint(version.content)
    assert version.content != rated.versions.get(number=1).content


def test_compare_shows_a_changed_rating_and_type(rated):
    old = snapshot(rated)
    factories.rate(rated, "science", "medium", "Two studies in people agree.")
    Article.objects.filter(pk=rated.pk).update(entry_type=EntryType.UPDATE)
    rated.refresh_from_db()
    changes = {c.label: c for c in compare(old, snapshot(rated)) if c.changed}
    assert set(changes) == {"Ratings", "Type of entry"}
    ratings = str(changes["Ratings"].html)
    assert "<del>Low</del>" in ratings and "<ins>Medium</ins>" in ratings
    assert "Why: " in ratings and "people" in ratings and "mice" in ratings
    assert "<ins>Update</ins>" in str(changes["Type of entry"].html)


def test_a_rating_on_one_scale_takes_only_that_scales_levels(rated):
    scales = factories.standard_rating_scales()
    rating = rated.ratings.get(criterion__slug="science")
    rating.level = scales["timeline"]["in-practice"]
    with pytest.raises(ValidationError, match="Choose a level of “Strength of science”"):
        rating.full_clean()


def test_the_page_shows_the_ratings_at_a_glance_as_text_with_a_gauge(client, rated, publish):
    publish(rated)
    response = client.get("/articles/rated/")
    html, text = response.content.decode(), text_of(response)
    glance = html[html.index('<section class="at-a-glance"') : html.index('<nav class="toc"')]
    assert "At a glance" in glance
    assert "Type of entry: Study review" in text_of_html(glance)
    # Read whole by screen readers: the words say the level and its place on the scale.
    assert "Strength of science: Low (1 of 3)" in text_of_html(glance)
    assert "Research timeline: Pre-clinical (1 of 4)" in text
    assert "Done in mice." in text and "study in mice" in text and "randomised trial, 1,200 people" in text
    # The gauge repeats the text by shape (filled and hollow steps), hidden from screen readers.
    gauges = re.findall(r'<span class="gauge" aria-hidden="true">(.*?)</span>(?=\s*<p|\s*</li>)', glance)
    assert [g.count("is-filled") for g in gauges] == [1, 1]
    assert [g.count("gauge-step") for g in gauges] == [3, 4]
    assert "style=" not in glance


def text_of_html(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_version_published_before_ratings_still_renders(client, publish):
    article = factories.full_article(slug="older")
    version = publish(article)
    content = {k: v for k, v in version.content.items() if k not in {"entry_type", "ratings"}}
    PublishedVersion.objects.filter(pk=version.pk).update(content={**content, "format": 1})
    response = client.get("/articles/older/")
    assert response.status_code == 200
    assert "At a glance" not in response.content.decode()


def test_a_new_content_format_alone_does_not_make_live_articles_look_changed(publish, editor):
    from articles.workflow.rules import has_unpublished_changes

    article = factories.full_article(slug="older")
    version = publish(article)
    # As published before articles had types, ratings and the superseded mark.
    old = {k: v for k, v in version.content.items() if k not in {"entry_type", "ratings", "superseded_by"}}
    old["format"] = 1
    PublishedVersion.objects.filter(pk=version.pk).update(content=old, fingerprint=fingerprint(old))
    article = Article.objects.get(pk=article.pk)
    assert not has_unpublished_changes(article)
    assert "submit" not in workflow.available_steps(article, editor)
    # A type or a rating given now is a change, reviewed like any other.
    article.entry_type = EntryType.STUDY_REVIEW
    article.save()
    assert has_unpublished_changes(article)
    assert "submit" in workflow.available_steps(article, editor)


def test_print_view_and_feeds_carry_the_ratings(client, rated, publish):
    publish(rated)
    printed = text_of(client.get("/articles/rated/print/"))
    assert "Strength of science: Low (1 of 3)" in printed and "Done in mice." in printed
    for feed in ["/feeds/articles/", "/feeds/articles/atom/"]:
        body = client.get(feed).content.decode()
        assert "Type of entry: Study review" in body, feed
        assert "Strength of science: Low (1 of 3). Done in mice. Evidence: study in mice;" in body, feed
        assert "<category>Study review</category>" in body or '<category term="Study review"' in body, feed


def test_cards_name_the_type_and_the_ratings(client, rated, publish):
    publish(rated)
    text = text_of(client.get("/"))
    assert "Study review · Strength of science: Low · Research timeline: Pre-clinical" in text


def test_editors_keep_the_scales_in_the_admin_and_authors_rate_articles(client):
    editor = factories.editor()
    author = factories.author()
    assert editor.has_perms(["articles.add_ratingcriterion", "articles.change_ratinglevel"])
    assert not author.has_perm("articles.change_ratingcriterion")
    assert author.has_perms(["articles.view_ratingcriterion", "articles.add_articlerating"])
    assert factories.reviewer().has_perm("articles.view_articlerating")

    client.force_login(editor)
    data = admin_form_data(client, "/admin/articles/ratingcriterion/add/", "ratingcriterion_form")
    data.update(
        {
            "name": "Cost to patients",
            "slug": "cost",
            "order": "5",
            "levels-TOTAL_FORMS": "2",
            "levels-0-name": "Low",
            "levels-0-order": "1",
            "levels-1-name": "High",
            "levels-1-order": "2",
        }
    )
    response = client.post("/admin/articles/ratingcriterion/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(RatingLevel.objects.filter(criterion__slug="cost").values_list("slug", flat=True)) == [
        "low",
        "high",
    ]


def test_an_author_rates_an_article_on_its_admin_page(client):
    author = factories.author()
    scales = factories.standard_rating_scales()
    article = factories.full_article(slug="to-rate")
    client.force_login(author)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client, url, "article_form")
    data.update(
        {
            "entry_type": "topic_overview",
            "ratings-TOTAL_FORMS": "1",
            "ratings-0-criterion": str(scales["timeline"]["in-practice"].criterion_id),
            "ratings-0-level": str(scales["science"]["high"].pk),
            "ratings-0-rationale": "Used in clinics today.",
        }
    )
    # A level of another scale is refused, with the form kept.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Choose a level of “Research timeline”" in response.content.decode()
    data["ratings-0-level"] = str(scales["timeline"]["in-practice"].pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.entry_type == "topic_overview"
    assert [str(r) for r in article.ratings.all()] == ["Research timeline: In practice"]
    assert article.events.first().action == "edited"


def test_the_example_article_is_rated_for_mouse_studies(client):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    version = Article.objects.get(slug="does-metastasis-happen-earlier").live_version
    content = version.content
    assert content["entry_type"]["name"] == "Article review"
    ratings = {r["criterion"]: r for r in content["ratings"]}
    assert ratings["timeline"]["level"] == "Pre-clinical"
    assert ratings["science"]["level"] == "Low"
    assert any("mice" in item for item in ratings["science"]["evidence"])
    assert "HER2-positive breast cancer" in ratings["relevance"]["rationale"]
    assert set(ratings) == set(RatingCriterion.objects.values_list("slug", flat=True))
    text = text_of(client.get(DEMO_URL))
    assert "Research timeline: Pre-clinical (1 of 4)" in text


def test_an_example_loaded_before_ratings_gets_them_through_review(client):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    article = Article.objects.get(slug="does-metastasis-happen-earlier")
    # As it was published before articles had types and ratings.
    article.ratings.all().delete()
    old = {k: v for k, v in article.live_version.content.items() if k not in {"entry_type", "ratings"}}
    old["format"] = 1
    PublishedVersion.objects.filter(pk=article.live_version_id).update(
        content=old, fingerprint=fingerprint(old)
    )
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.ratings.count() == 4
    assert article.live_version.number == 2
    assert article.live_version.change_summary == "Added ratings at a glance."
    assert article.reviews.filter(fingerprint=article.live_version.fingerprint).exists()
    # Loading again changes nothing.
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert article.versions.count() == 2
