import pytest

from surveys.models import Choice, Question, Survey


def make_survey(slug="brief", *, is_default=True, **kwargs):
    """A survey with one question of every kind (the rating one required)."""
    survey = Survey.objects.create(title=f"Survey {slug}", slug=slug, is_default=is_default, **kwargs)
    q = {}
    q["rating"] = Question.objects.create(
        survey=survey,
        order=0,
        kind=Question.Kind.RATING,
        text="How helpful was this article?",
        required=True,
        scale_min_label="Not at all helpful",
        scale_max_label="Very helpful",
    )
    q["yes_no"] = Question.objects.create(
        survey=survey, order=1, kind=Question.Kind.YES_NO, text="Easy to read?"
    )
    q["single"] = Question.objects.create(
        survey=survey, order=2, kind=Question.Kind.SINGLE, text="Who are you?"
    )
    q["multiple"] = Question.objects.create(
        survey=survey, order=3, kind=Question.Kind.MULTIPLE, text="What will you do?"
    )
    q["short_text"] = Question.objects.create(
        survey=survey,
        order=4,
        kind=Question.Kind.SHORT_TEXT,
        text="Most useful part?",
        help_text="A few words.",
    )
    q["long_text"] = Question.objects.create(
        survey=survey, order=5, kind=Question.Kind.LONG_TEXT, text="Anything else?"
    )
    for n, text in enumerate(["A patient", "A family member", "A doctor"]):
        Choice.objects.create(question=q["single"], order=n, text=text)
    for n, text in enumerate(["Talk to my doctor", "Share it", "Read more"]):
        Choice.objects.create(question=q["multiple"], order=n, text=text)
    survey.q = q
    return survey


def choice(question, text):
    return question.choices.get(text=text)


def answers_for(survey, **values):
    """POST data answering `survey`: values by kind, e.g. rating=4, multiple=["Share it"]."""
    data = {}
    for kind, value in values.items():
        question = survey.q[kind]
        if kind in ("single", "multiple"):
            texts = value if isinstance(value, list) else [value]
            value = [str(choice(question, t).pk) for t in texts]
        data[f"q{question.pk}"] = value
    return data


@pytest.fixture
def survey(db):
    return make_survey()
