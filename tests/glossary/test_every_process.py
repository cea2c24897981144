"""Several web processes serve the site, each with its own local-memory cache. A term
changed or deleted in the admin, through any one of them and by any path (its form,
or "Delete selected" on the list), shows on the next page every process serves."""

import pytest

from glossary.models import Term
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

OLD = "When cancer spreads."
NEW = "When cancer cells travel to other parts of the body."


@pytest.fixture
def term(published_article):
    return factories.TermFactory(name="metastasis", definition=OLD)


def article_text(client, process, name, article):
    with process(name):
        response = client.get(article.live_version.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_a_definition_changed_through_one_process_shows_in_every_process(
    client, editor, process, term, published_article
):
    for name in "ab":
        assert OLD in article_text(client, process, name, published_article)

    client.force_login(editor)
    with process("a"):
        url = f"/admin/glossary/term/{term.pk}/change/"
        data = admin_form_data(client, url, "term_form")
        response = client.post(url, {**data, "definition": NEW})
        assert response.status_code == 302
    client.logout()

    for name in "ab":
        text = article_text(client, process, name, published_article)
        assert NEW in text
        assert OLD not in text


def test_terms_deleted_in_bulk_leave_every_process_at_once(client, editor, process, term, published_article):
    for name in "ab":
        assert OLD in article_text(client, process, name, published_article)

    client.force_login(editor)
    with process("b"):
        response = client.post(
            "/admin/glossary/term/",
            {"action": "delete_selected", "_selected_action": [term.pk], "post": "yes"},
        )
        assert response.status_code == 302
    assert not Term.objects.exists()
    client.logout()

    for name in "ab":
        text = article_text(client, process, name, published_article)
        assert OLD not in text
        assert "term-link" not in text


def test_terms_changed_by_a_bulk_update_show_in_every_process(client, process, term, published_article):
    for name in "ab":
        assert OLD in article_text(client, process, name, published_article)

    Term.objects.filter(pk=term.pk).update(definition=NEW)

    for name in "ab":
        assert NEW in article_text(client, process, name, published_article)
