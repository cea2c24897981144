"""results.csv: the raw responses, one row per response and one column per question,
streamed so that any number of responses export with flat memory.

Rows are read in chunks (`iterator(chunk_size=…)`, with each chunk's answers fetched
in one query) and written out as they come. Any cell a spreadsheet would take for a
formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
apostrophe, so a reader's text can never run as a formula on an editor's computer."""

import csv
import itertools

from django.utils import timezone

from surveys.models import Answer, Choice, Question

CHUNK_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value):
        return value


def header(questions):
    # The language last: the columns before the questions stay where they were.
    return (
        ["response", "answered at", "article", "article address", "version"]
        + [f"{q.text} (retired)" if q.retired else q.text for q in questions]
        + ["language"]
    )


def cell(question, answers, choice_texts):
    """What one response answered to `question`: [(number, yes, choice_id, text)]."""
    if not answers:
        return ""
    number, yes, _choice, text = answers[0]
    kind = question.kind
    if kind == Question.Kind.RATING:
        return number
    if kind == Question.Kind.YES_NO:
        return "yes" if yes else "no"
    if question.has_choices:
        return "; ".join(choice_texts.get(a[2], "") for a in answers)
    return text


def rows(survey, responses):
    questions = list(survey.questions.all())
    choice_texts = dict(Choice.objects.filter(question__survey=survey).values_list("pk", "text"))
    yield header(questions)
    # Plain tuples rather than model instances: an export of many rows spends its time
    # building objects otherwise.
    responses = responses.order_by("created_at", "pk").values_list(
        "pk", "created_at", "article__title", "article__slug", "version_number", "language"
    )
    for chunk in itertools.batched(responses.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        answers = {}
        for response_id, question_id, *value in (
            Answer.objects.filter(response_id__in=[row[0] for row in chunk])
            .order_by("pk")
            .values_list("response_id", "question_id", "number", "yes", "choice_id", "text")
        ):
            answers.setdefault((response_id, question_id), []).append(value)
        for pk, created_at, title, slug, version, language in chunk:
            answered_at = timezone.localtime(created_at).isoformat(timespec="seconds")
            yield (
                [pk, answered_at, title, slug, version]
                + [cell(q, answers.get((pk, q.pk)), choice_texts) for q in questions]
                + [language]
            )


def csv_lines(survey, responses):
    writer = csv.writer(_Echo())
    for row in rows(survey, responses):
        yield writer.writerow([neutralise(value) for value in row])
