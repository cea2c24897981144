"""A story suggested again, by another link to it or by its DOI, or one XRAYS already
reviews, is marked a duplicate for the editors; the reader is told nothing of it."""

import pytest

from articles.models import Citation
from references.models import Reference
from suggestions import links, services
from suggestions.models import Suggestion

STORY = "https://www.statnews.com/2016/12/14/cancer-metastasis-early/"


def suggest(link):
    return services.receive_suggestion(link=link, why="It matters to me.", language="en")


@pytest.mark.parametrize(
    "again",
    [
        "https://www.statnews.com/2016/12/14/cancer-metastasis-early",
        "http://statnews.com/2016/12/14/cancer-metastasis-early/",
        "HTTPS://WWW.STATNEWS.COM/2016/12/14/cancer-metastasis-early/",
        "https://www.statnews.com/2016/12/14/cancer-metastasis-early/?utm_source=newsletter&utm_medium=email",
        "https://www.statnews.com/2016/12/14/cancer-metastasis-early/?fbclid=IwAR0abc#comments",
        "https://statnews.com:443/2016/12/14/cancer-metastasis-early/?gclid=1",
    ],
)
def test_another_link_to_a_suggested_story_is_a_duplicate_of_the_first_suggestion(db, again):
    first = suggest(STORY)
    second = suggest(again)
    assert first.status == Suggestion.Status.NEW
    assert second.status == Suggestion.Status.DUPLICATE and second.duplicate_of_suggestion == first
    assert not second.is_decided  # an editor still decides it


@pytest.mark.parametrize(
    "other",
    [
        "https://www.statnews.com/2016/12/14/cancer-metastasis-late/",
        "https://www.statnews.com/2016/12/14/cancer-metastasis-early/?page=2",
        "https://www.othernews.com/2016/12/14/cancer-metastasis-early/",
    ],
)
def test_a_different_story_is_not_a_duplicate(db, other):
    suggest(STORY)
    assert suggest(other).status == Suggestion.Status.NEW


@pytest.mark.parametrize(
    "first, again",
    [
        ("https://doi.org/10.1038/nature20609", "https://www.nature.com/doi/10.1038/NATURE20609"),
        (
            "https://dx.doi.org/10.1038/nature20609",
            "https://pubs.example.org/doi/full/10.1038/nature20609?x=1",
        ),
    ],
)
def test_the_same_doi_in_two_links_is_one_story(db, first, again):
    assert links.doi_in(first) == "10.1038/nature20609"
    original = suggest(first)
    assert suggest(again).duplicate_of_suggestion == original


def test_a_link_to_an_articles_original_story_is_a_duplicate_of_the_article(db):
    from tests import factories

    article = factories.full_article(slug="early-spread")
    Reference.objects.filter(citations__article=article).update(url=STORY)
    cited_only = Reference.objects.create(kind="web", title="Another page", url="https://example.org/cited")
    Citation.objects.create(article=article, reference=cited_only, is_original_story=False)

    duplicate = suggest(STORY.replace("https://www.", "http://") + "?utm_campaign=x")
    assert duplicate.status == Suggestion.Status.DUPLICATE
    assert duplicate.duplicate_of_article == article and duplicate.duplicate_of_suggestion is None
    # A page an article only cites is not what it reviews.
    assert suggest("https://example.org/cited").status == Suggestion.Status.NEW


def test_a_doi_of_an_articles_original_paper_is_a_duplicate_of_the_article(db):
    from tests import factories

    article = factories.full_article(slug="a-study")
    Reference.objects.filter(citations__article=article).update(doi="10.1038/Nature20609", url="")
    assert suggest("https://doi.org/10.1038/nature20609").duplicate_of_article == article


def test_a_duplicate_link_gets_the_same_thank_you_page(client, db):
    first = client.post("/suggest/", {"link": STORY, "why": "One", "email": "a@example.org"})
    again = client.post(
        "/suggest/", {"link": STORY + "?utm_source=x", "why": "Two", "email": "a@example.org"}
    )
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert client.get(first["Location"]).content == client.get(again["Location"]).content
    assert Suggestion.objects.filter(status=Suggestion.Status.DUPLICATE).count() == 1


def test_a_placeholder_title_is_made_from_the_link():
    assert links.title_from(STORY) == "Cancer metastasis early (statnews.com)"
    assert links.title_from("https://example.org/") == "Suggested story from example.org"
    assert links.title_from("https://example.org/news/story.html?id=3") == "Story (example.org)"


def test_the_demo_queue_shows_the_example_articles_story_as_a_duplicate_of_it(db):
    import io

    from django.core.management import call_command
    from django.test import override_settings

    from articles import demo

    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())  # again: nothing more
    assert Suggestion.objects.count() == 2
    duplicate = Suggestion.objects.get(status=Suggestion.Status.DUPLICATE)
    assert duplicate.duplicate_of_article.slug == demo.SLUG


def test_a_reference_with_a_broken_link_does_not_stop_a_suggestion(db):
    from tests import factories

    article = factories.full_article(slug="odd")
    Reference.objects.filter(citations__article=article).update(url="http://[statnews.com/broken")
    assert suggest("https://statnews.com/x").status == Suggestion.Status.NEW
