"""results.csv: one row per response, one column per question, safe to open in a
spreadsheet, streamed in chunks."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from surveys import export
from surveys.answering import record_response
from tests.surveys.conftest import answers_for

pytestmark = pytest.mark.django_db


def send(client, survey, article, **values):
    response = client.post(f"/surveys/{survey.slug}/?article={article.slug}", answers_for(survey, **values))
    assert response.status_code == 302


def download(client, survey, query=""):
    response = client.get(f"/admin/surveys/survey/{survey.pk}/results.csv{query}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="brief-responses-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_one_row_per_response_one_column_per_question(client, editor, survey, published_article):
    send(
        client,
        survey,
        published_article,
        rating="4",
        yes_no="no",
        single="A doctor",
        multiple=["Talk to my doctor", "Read more"],
        short_text='She said, "clear"',
        long_text="Line one\nLine two, with a comma",
    )
    send(client, survey, published_article, rating="2")
    survey.q["long_text"].retired = True
    survey.q["long_text"].save()
    client.force_login(editor)
    header, first, second = download(client, survey)
    assert header == [
        "response",
        "answered at",
        "article",
        "article address",
        "version",
        "How helpful was this article?",
        "Easy to read?",
        "Who are you?",
        "What will you do?",
        "Most useful part?",
        "Anything else? (retired)",
        "language",
    ]
    assert first[2:] == [
        published_article.title,
        published_article.slug,
        "1",
        "4",
        "no",
        "A doctor",
        "Talk to my doctor; Read more",
        'She said, "clear"',
        "Line one\nLine two, with a comma",
        "en",
    ]
    assert second[2:] == [published_article.title, published_article.slug, "1", "2", "", "", "", "", "", "en"]


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil")'])
def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(
    client, editor, survey, published_article, typed
):
    record_response(survey, published_article.pk, [(survey.q["rating"], 3), (survey.q["short_text"], typed)])
    client.force_login(editor)
    assert download(client, survey)[1][-3] == "'" + typed


def test_titles_and_choices_are_neutralised_too(client, editor, survey, published_article):
    survey.q["single"].choices.filter(text="A doctor").update(text="-A doctor")
    record_response(
        survey,
        published_article.pk,
        [
            (survey.q["rating"], 3),
            (survey.q["single"], str(survey.q["single"].choices.get(text="-A doctor").pk)),
        ],
    )
    client.force_login(editor)
    assert download(client, survey)[1][7] == "'-A doctor"


def test_the_export_follows_the_results_filters(client, editor, survey, published_article, publish):
    send(client, survey, published_article, rating="4")
    section = published_article.sections.first()
    section.body = "<p>New.</p>"
    section.save()
    publish(published_article, change_summary="New")
    send(client, survey, published_article, rating="5")
    client.force_login(editor)
    assert [row[5] for row in download(client, survey, "?version=2")[1:]] == ["5"]
    assert len(download(client, survey)) == 3


def test_rows_are_read_and_sent_a_chunk_at_a_time(client, editor, survey, published_article, monkeypatch):
    """Memory stays flat however many responses there are: rows go out as each chunk of
    responses (and its answers) is read, never all at once."""
    for n in range(5):
        record_response(survey, published_article.pk, [(survey.q["rating"], n + 1)])
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    client.force_login(editor)
    response = client.get(f"/admin/surveys/survey/{survey.pk}/results.csv")
    content = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        next(content)  # the header
        next(content)  # the first response
        answers_read_for_first_row = [q for q in queries.captured_queries if "surveys_answer" in q["sql"]]
        rest = list(content)
    answers_read_in_all = [q for q in queries.captured_queries if "surveys_answer" in q["sql"]]
    assert len(rest) == 4
    assert len(answers_read_for_first_row) == 1
    assert len(answers_read_in_all) == 3  # chunks of 2, 2 and 1
