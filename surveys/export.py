"""results.csv: the raw responses, one row per response and one column per question,
streamed so that any number of responses export with flat memory.

Rows are read in chunks (`iterator(chunk_size=…)`, with each chunk's answers fetched
alongside it) and written out as they come. Any cell a spreadsheet would take for a
formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
apostrophe, so a reader's text can never run as a formula on an editor's computer."""

import csv

from django.db.models import Prefetch
from django.utils import timezone

from surveys.models import Answer, Question

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
    return ["response", "answered at", "article", "article address", "version"] + [
        f"{q.text} (retired)" if q.retired else q.text for q in questions
    ]


def cell(question, answers, choice_texts):
    if not answers:
        return ""
    kind = question.kind
    if kind == Question.Kind.RATING:
        return answers[0].number
    if kind == Question.Kind.YES_NO:
        return "yes" if answers[0].yes else "no"
    if question.has_choices:
        return "; ".join(choice_texts.get(a.choice_id, "") for a in answers)
    return answers[0].text


def rows(survey, responses):
    questions = list(survey.questions.all())
    choice_texts = dict(
        survey.questions.values_list("choices__id", "choices__text").exclude(choices__id=None)
    )
    yield header(questions)
    responses = (
        responses.select_related("article")
        .only("pk", "created_at", "version_number", "article__title", "article__slug")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.only(
                    "response_id", "question_id", "number", "yes", "choice_id", "text"
                ).order_by("pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        by_question = {}
        for answer in response.answers.all():
            by_question.setdefault(answer.question_id, []).append(answer)
        yield [
            response.pk,
            timezone.localtime(response.created_at).isoformat(timespec="seconds"),
            response.article.title,
            response.article.slug,
            response.version_number,
        ] + [cell(q, by_question.get(q.pk, []), choice_texts) for q in questions]


def csv_lines(survey, responses):
    writer = csv.writer(_Echo())
    for row in rows(survey, responses):
        yield writer.writerow([neutralise(value) for value in row])
