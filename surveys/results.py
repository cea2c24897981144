"""What the editors' results page shows, computed in the database: a few queries for
the whole survey, whatever the number of responses.

Percentages are of the readers who answered the question (for several-choice questions
they may add up to more than 100). A "mean rating" without a question is the mean of
every rating answer in the responses counted (one rating question in most surveys)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from articles.models import Article
from surveys.models import Answer, Question, Response

TEXT_ANSWERS_SHOWN = 100


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def mean(total, count):
    return round(total / count, 2) if count else None


class ResultsFilterForm(forms.Form):
    article = forms.ModelChoiceField(
        queryset=Article.objects.none(), required=False, empty_label="All articles"
    )
    version = forms.IntegerField(min_value=1, max_value=1_000_000, required=False, label="Published version")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(required=False, max_length=200, label="Search the written answers")
    language = forms.ChoiceField(
        choices=[("", "All languages"), *settings.LANGUAGES],
        required=False,
        label="Answered in",
    )

    def __init__(self, survey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(
            pk__in=Response.objects.filter(survey=survey).values("article_id")
        ).order_by("title")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("“From” must be on or before “To”.")
        return cleaned


def filtered_responses(survey, filters, *, with_version=True, with_language=True):
    """The survey's responses that the (valid) filters select."""
    responses = Response.objects.filter(survey=survey)
    if with_language and filters.get("language"):
        responses = responses.filter(language=filters["language"])
    if filters.get("article"):
        responses = responses.filter(article=filters["article"])
    if with_version and filters.get("version"):
        responses = responses.filter(version_number=filters["version"])
    if filters.get("date_from"):
        responses = responses.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        responses = responses.filter(created_at__date__lte=filters["date_to"])
    return responses


def by_language(responses):
    """[{code, name, responses, mean}] for each of settings.LANGUAGES, in their order,
    with no response as 0: the same results, answered on each language's pages."""
    counts = dict(responses.values_list("language").annotate(n=Count("id")).order_by())
    ratings = rating_totals(responses, "language")
    return [
        {
            "code": code,
            "name": name,
            "responses": counts.get(code, 0),
            "mean": mean(*ratings.get((code,), (0, 0))),
        }
        for code, name in settings.LANGUAGES
    ]


@dataclass
class Row:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list = field(default_factory=list)  # choices, yes/no, or each point of a scale
    mean: float | None = None
    texts: list = field(default_factory=list)
    texts_matching: int = 0


def question_results(survey, responses, search=""):
    answers = Answer.objects.filter(response__in=responses)
    answered = dict(
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    )
    by_choice = dict(
        answers.filter(choice__isnull=False).values_list("choice_id").annotate(n=Count("id")).order_by()
    )
    numbers = defaultdict(dict)
    for question_id, number, n in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        numbers[question_id][number] = n
    yes_no = defaultdict(dict)
    for question_id, yes, n in (
        answers.filter(yes__isnull=False).values_list("question_id", "yes").annotate(n=Count("id")).order_by()
    ):
        yes_no[question_id][yes] = n

    results = []
    for question in survey.questions.prefetch_related("choices"):
        result = QuestionResult(question, answered=answered.get(question.pk, 0))
        whole = result.answered
        if question.kind == Question.Kind.RATING:
            counts = numbers[question.pk]
            result.rows = [
                Row(str(n), counts.get(n, 0), percent(counts.get(n, 0), whole)) for n in question.scale
            ]
            result.mean = mean(sum(n * c for n, c in counts.items()), sum(counts.values()))
        elif question.kind == Question.Kind.YES_NO:
            counts = yes_no[question.pk]
            result.rows = [
                Row(label, counts.get(value, 0), percent(counts.get(value, 0), whole))
                for label, value in (("Yes", True), ("No", False))
            ]
        elif question.has_choices:
            result.rows = [
                Row(c.text, by_choice.get(c.pk, 0), percent(by_choice.get(c.pk, 0), whole))
                for c in question.choices.all()
            ]
        else:
            texts = answers.filter(question=question).exclude(text="")
            if search:
                texts = texts.filter(text__icontains=search)
            result.texts_matching = texts.count()
            result.texts = list(
                texts.select_related("response__article")
                .only("text", "response__created_at", "response__version_number", "response__article__title")
                .order_by("-response__created_at", "-pk")[:TEXT_ANSWERS_SHOWN]
            )
        results.append(result)
    return results


def rating_totals(responses, *group_by):
    """{group: (sum, count)} of rating answers in `responses`, grouped by response fields."""
    rows = (
        Answer.objects.filter(response__in=responses, number__isnull=False)
        .values_list(*[f"response__{name}" for name in group_by])
        .annotate(total=Sum("number"), n=Count("id"))
        .order_by()
    )
    return {tuple(row[:-2]): (row[-2], row[-1]) for row in rows}


def overall_mean(responses):
    totals = Answer.objects.filter(response__in=responses, number__isnull=False).aggregate(
        total=Sum("number"), n=Count("id")
    )
    return mean(totals["total"] or 0, totals["n"])


def compare_articles(responses):
    """[{article, responses, mean}] for each article, most responses first."""
    ratings = rating_totals(responses, "article_id")
    rows = []
    for article_id, title, n in (
        responses.values_list("article_id", "article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "article__title")
    ):
        rows.append(
            {
                "article_id": article_id,
                "title": title,
                "responses": n,
                "mean": mean(*ratings.get((article_id,), (0, 0))),
            }
        )
    return rows


def compare_versions(responses):
    """For each article, each published version's responses and mean rating, beside the
    previous version's, so editors see whether an update helped readers."""
    ratings = rating_totals(responses, "article_id", "version_number")
    by_article = defaultdict(list)
    titles = {}
    for article_id, title, number, n in (
        responses.values_list("article_id", "article__title", "version_number")
        .annotate(n=Count("id"))
        .order_by("article__title", "article_id", "version_number")
    ):
        titles[article_id] = title
        previous = by_article[article_id][-1] if by_article[article_id] else None
        row = {"version": number, "responses": n, "mean": mean(*ratings.get((article_id, number), (0, 0)))}
        row["previous_mean"] = previous["mean"] if previous else None
        row["change"] = (
            round(row["mean"] - previous["mean"], 2)
            if previous and row["mean"] is not None and previous["mean"] is not None
            else None
        )
        by_article[article_id].append(row)
    return [{"article_id": a, "title": titles[a], "versions": rows} for a, rows in by_article.items()]


def by_month(responses, scale_max):
    """[{month, responses, mean, responses_width, mean_width}] oldest first; the widths
    are percentages for the bars (of the busiest month, and of the top of the scale)."""
    ratings = {month: totals for (month,), totals in _monthly_ratings(responses).items()}
    months = list(
        responses.annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    busiest = max((n for _, n in months), default=0)
    rows = []
    for month, n in months:
        m = mean(*ratings.get(month, (0, 0)))
        rows.append(
            {
                "month": month,
                "responses": n,
                "mean": m,
                "responses_width": percent(n, busiest),
                "mean_width": percent(m or 0, scale_max),
            }
        )
    return rows


def _monthly_ratings(responses):
    rows = (
        Answer.objects.filter(response__in=responses, number__isnull=False)
        .annotate(month=TruncMonth("response__created_at"))
        .values_list("month")
        .annotate(total=Sum("number"), n=Count("id"))
        .order_by()
    )
    return {(month,): (total, n) for month, total, n in rows}
