"""Storing a reader's answers: the one way a response is made (the view, the tests and
the load test all call `record_response`)."""

from django.conf import settings
from django.db import transaction

from articles.models import PublishedVersion
from surveys.models import Answer, Question, Response


class ArticleNotLive(Exception):
    """The article was withdrawn between the reader opening the form and sending it."""


def answer_rows(response, answers):
    rows = []
    for question, value in answers:
        kind = question.kind
        if kind == Question.Kind.RATING:
            rows.append(Answer(response=response, question=question, number=value))
        elif kind == Question.Kind.YES_NO:
            rows.append(Answer(response=response, question=question, yes=value == "yes"))
        elif kind == Question.Kind.SINGLE:
            rows.append(Answer(response=response, question=question, choice_id=int(value)))
        elif kind == Question.Kind.MULTIPLE:
            rows.extend(Answer(response=response, question=question, choice_id=int(v)) for v in value)
        else:
            rows.append(Answer(response=response, question=question, text=value))
    return rows


def record_response(survey, article_id, answers, language=settings.LANGUAGE_CODE):
    """Store one response about the article's live version, with its answers
    ([(question, value)] as `SurveyForm.answers()` gives them) and the language of the
    page it was answered on, all or nothing."""
    with transaction.atomic():
        number = (
            PublishedVersion.objects.filter(live_for__pk=article_id).values_list("number", flat=True).first()
        )
        if number is None:
            raise ArticleNotLive
        response = Response.objects.create(
            survey=survey, article_id=article_id, version_number=number, language=language
        )
        Answer.objects.bulk_create(answer_rows(response, answers))
    return response
