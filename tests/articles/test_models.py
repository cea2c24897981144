"""Rules the database keeps for articles, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Citation
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_article_has_at_most_one_original_story():
    article = factories.ArticleFactory()
    Citation.objects.create(article=article, reference=factories.ReferenceFactory(), is_original_story=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(
            article=article, reference=factories.ReferenceFactory(), is_original_story=True
        )
    Citation.objects.create(article=article, reference=factories.ReferenceFactory(), is_original_story=False)


def test_a_reference_is_cited_once_per_article_but_shared_between_articles():
    reference = factories.ReferenceFactory()
    first, second = factories.ArticleFactory(), factories.ArticleFactory()
    Citation.objects.create(article=first, reference=reference)
    Citation.objects.create(article=second, reference=reference)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(article=first, reference=reference)


def test_section_anchors_are_unique_within_an_article():
    section = factories.SectionFactory(heading="Findings")
    other = factories.SectionFactory(article=section.article, heading="Other")
    other.anchor = section.anchor
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_a_stale_copy_of_an_article_cannot_unpublish_it(published_article):
    from articles.models import Article

    stale = Article.objects.get(pk=published_article.pk)
    stale.live_version = None
    stale.state = Article.State.DRAFT
    stale.title = "A new title"
    stale.save()
    fresh = Article.objects.get(pk=published_article.pk)
    assert fresh.title == "A new title"
    assert fresh.live_version_id is not None and fresh.state == Article.State.PUBLISHED
