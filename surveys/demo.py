"""The surveys app's part of the demo: the "brief survey" every article invites readers
to (the example page ends with "Share your thoughts on this XRAYS article by taking our
brief survey"), as the site-wide default."""

from surveys.models import Choice, Question, Survey

SLUG = "brief-survey"
INTRODUCTION = (
    "<p>Six short questions about the article you just read. Every question is optional but the "
    "first. Your answers help our editors see which articles help readers, and which need rewriting.</p>"
)
QUESTIONS = [
    {
        "kind": Question.Kind.RATING,
        "text": "How helpful was this article?",
        "required": True,
        "scale_min_label": "Not at all helpful",
        "scale_max_label": "Very helpful",
    },
    {"kind": Question.Kind.YES_NO, "text": "Was the article easy to understand?"},
    {
        "kind": Question.Kind.SINGLE,
        "text": "Which describes you best?",
        "choices": [
            "I have or had cancer",
            "I have a high risk of cancer",
            "A family member or friend",
            "A health care professional",
            "Other",
        ],
    },
    {
        "kind": Question.Kind.MULTIPLE,
        "text": "What will you do with what you learned?",
        "choices": [
            "Talk with my doctor about it",
            "Share it with family or friends",
            "Look for a clinical trial",
            "Read more about it",
            "Nothing for now",
        ],
    },
    {
        "kind": Question.Kind.SHORT_TEXT,
        "text": "In a few words, what was most useful?",
    },
    {
        "kind": Question.Kind.LONG_TEXT,
        "text": "What else would you like to tell us?",
        "help_text": "For example, a word we did not explain, or a question the article left open.",
    },
]


def load(run):
    if Survey.objects.filter(slug=SLUG).exists():
        return
    survey = Survey.objects.create(
        title="Brief survey about this article",
        slug=SLUG,
        introduction=INTRODUCTION,
        is_default=not Survey.objects.filter(is_default=True).exists(),
    )
    for order, spec in enumerate(QUESTIONS):
        spec = dict(spec)
        choices = spec.pop("choices", [])
        question = Question.objects.create(survey=survey, order=order, **spec)
        Choice.objects.bulk_create(
            [Choice(question=question, order=n, text=text) for n, text in enumerate(choices)]
        )
    run.say(f"Survey “{survey.title}” at /surveys/{SLUG}/ (the site-wide default).")
