"""The results page's markup: readers' written answers as readable text, and tables
built to fit a phone (tests/e2e/test_survey_results_layout.py looks at the page)."""

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from surveys.answering import record_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(client, editor, survey, published_article):
    record_response(
        survey,
        published_article.pk,
        [
            (survey.q["rating"], 4),
            (survey.q["long_text"], "Clear.\nI asked my doctor <b>two</b> things & more."),
        ],
    )
    client.force_login(editor)
    return client.get(f"/admin/surveys/survey/{survey.pk}/results/")


def test_written_answers_are_quoted_as_blocks_of_text_with_the_readers_line_breaks(results):
    assertInHTML(
        '<blockquote class="xr-answer-text">Clear.<br>I asked my doctor &lt;b&gt;two&lt;/b&gt; things &amp; more.</blockquote>',
        results.content.decode(),
    )
    assertContains(results, '<li class="xr-answer">')
    assertContains(results, '<p class="xr-answer-about">')


def test_the_results_page_brings_its_own_styles_for_answers_and_phones(results):
    assertContains(results, 'href="/static/surveys/results.css"')


def test_each_article_heads_its_versions_on_a_row_of_its_own(results, published_article):
    assertInHTML(
        f'<tr class="xr-article-row"><th scope="rowgroup" colspan="5">{published_article.title}</th></tr>',
        results.content.decode(),
    )
    assertNotContains(results, "rowspan=")
