import pytest

from articles import workflow
from tests import factories


@pytest.fixture
def editor(db):
    return factories.editor(username="editor")


@pytest.fixture
def publish(editor):
    """Publish an article as the editor; returns the new version."""

    def _publish(article, **kwargs):
        return workflow.publish(article, by=editor, **kwargs)

    return _publish


@pytest.fixture
def published_article(publish):
    article = factories.full_article(n_items=2, title="Early spread of breast cancer", slug="early-spread")
    publish(article)
    article.refresh_from_db()
    return article
