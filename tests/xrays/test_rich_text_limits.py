"""Rich text too long or too deeply nested is refused with a plain message before the
sanitiser sees it: bleach's parser slows down with the square of the nesting depth, and
20,000 nested quotes once kept a web process busy until it was killed."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from articles.models import Section
from tests import factories
from tests.admin_forms import admin_form_data
from xrays import sanitize
from xrays.models import SiteText
from xrays.sanitize import (
    MAX_NESTING_DEPTH,
    MAX_RICH_TEXT_LENGTH,
    nesting_depth,
    sanitize_html,
    validate_rich_text,
)

QUOTES_20000_DEEP = "<blockquote>" * 20_000 + "Deep." + "</blockquote>" * 20_000
BOLD_20000_DEEP = "<b>" * 20_000 + "Deep." + "</b>" * 20_000  # short enough to pass the length limit

EVERYDAY_HTML = [
    "<h3>What the study found</h3><p>Cancer cells <em>can</em> spread <strong>early</strong>.</p>",
    "<ul><li><p>One</p><ul><li><p>Two</p><ul><li><p><strong><em>Three</em></strong></p></li></ul></li></ul></li></ul>",
    "<table><thead><tr><th>Group</th></tr></thead><tbody><tr><td><p><a href='https://x.org'>"
    "<strong>Link</strong></a></p></td></tr></tbody></table>",
    "<blockquote><p>A quote with a list:</p><ol><li>first</li><li>second</li></ol></blockquote>",
    # Hand-written HTML leaves out end tags HTML lets it leave out.
    "<p>para" * 50 + "<ul>" + "<li>item" * 50 + "</ul>" + "<dl>" + "<dt>term<dd>definition" * 30 + "</dl>",
    "<p>line<br>break<hr>rule<br/>" * 40,
]


def message(error):
    return " ".join(error.value.messages)


@pytest.mark.parametrize("html", [QUOTES_20000_DEEP, BOLD_20000_DEEP])
def test_deeply_nested_text_is_refused_and_never_reaches_bleach(html):
    with mock.patch.object(sanitize._cleaner, "clean") as bleach_clean, pytest.raises(ValidationError):
        sanitize_html(html)
    bleach_clean.assert_not_called()


def test_too_deep_says_so_plainly():
    with pytest.raises(ValidationError) as error:
        validate_rich_text(BOLD_20000_DEEP)
    assert f"nested more than {MAX_NESTING_DEPTH} levels deep" in message(error)
    assert error.value.code == "rich_text_too_deep"


def test_too_long_says_so_plainly():
    with pytest.raises(ValidationError) as error:
        validate_rich_text("<p>" + "a" * MAX_RICH_TEXT_LENGTH + "</p>")
    assert "This text is too long" in message(error) and "200,000" in message(error)


def test_nesting_at_the_limit_is_accepted_and_one_more_level_is_not():
    at_limit = "<blockquote>" * MAX_NESTING_DEPTH + "x" + "</blockquote>" * MAX_NESTING_DEPTH
    assert sanitize_html(at_limit) == at_limit
    with pytest.raises(ValidationError):
        sanitize_html("<blockquote>" + at_limit + "</blockquote>")


@pytest.mark.parametrize("html", EVERYDAY_HTML)
def test_everyday_formatting_passes(html):
    validate_rich_text(html)
    assert sanitize_html(html)


@pytest.mark.parametrize(
    "html",
    [
        # End tags that close nothing do not hide the nesting.
        "<blockquote></x>" * 30,
        # A formatting end tag that a parser would move rather than close.
        "<b><blockquote></b>" * 30,
        # Quotes kept open inside table cells.
        "<table><tr><td><blockquote>" * 10,
    ],
)
def test_tricks_that_nest_while_closing_tags_are_still_counted(html):
    assert nesting_depth(html) > MAX_NESTING_DEPTH
    with pytest.raises(ValidationError):
        validate_rich_text(html)


@pytest.mark.django_db
def test_saving_a_section_through_the_orm_refuses_the_monster():
    article = factories.ArticleFactory()
    with pytest.raises(ValidationError):
        Section.objects.create(article=article, heading="Deep", body=QUOTES_20000_DEEP)
    assert not article.sections.exists()


@pytest.mark.django_db
def test_the_admin_shows_the_error_next_to_the_section_and_keeps_the_text(client, editor):
    article = factories.full_article(created_by=editor)
    original_body = article.sections.first().body
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(client, url, "article_form")
    data["sections-0-body"] = QUOTES_20000_DEEP
    response = client.post(url, data)
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "sections")
    assert "This text is too long" in " ".join(formset.formset.forms[0].errors["body"])
    html = response.content.decode()
    assert "This text is too long" in html
    assert html.count("&lt;blockquote&gt;") == 20_000  # what was typed is still in the form
    assert article.sections.first().body == original_body


@pytest.mark.django_db
def test_a_deeply_nested_site_text_gets_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/xrays/sitetext/add/", {"key": SiteText.DISCLOSURE, "body": BOLD_20000_DEEP}
    )
    assert response.status_code == 200
    assert "nested more than 20 levels deep" in response.content.decode()
    assert not SiteText.objects.exists()
