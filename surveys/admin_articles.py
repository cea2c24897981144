"""Each article's survey response count and mean rating in the article admin, added by
this app without `articles` knowing it.

The article admin offers places to fill (articles/admin/extensions.py); this module
adds two columns there. The figures come from two subqueries in the list's one query."""

from django.db.models import Avg, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.admin.extensions import add_list_column
from surveys.models import Answer, Response


def with_survey_figures(queryset):
    responses = (
        Response.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ratings = (
        Answer.objects.filter(response__article=OuterRef("pk"), number__isnull=False)
        .order_by()
        .values("response__article")
        .annotate(mean=Avg("number"))
        .values("mean")
    )
    return queryset.annotate(
        survey_response_total=Coalesce(Subquery(responses, output_field=IntegerField()), 0),
        survey_rating_mean=Subquery(ratings),
    )


def mean_rating(article):
    value = getattr(article, "survey_rating_mean", None)
    return "–" if value is None else f"{value:.2f}"


add_list_column(
    "survey_response_count",
    lambda article: getattr(article, "survey_response_total", 0),
    description="Responses",
    ordering="survey_response_total",
    annotate=with_survey_figures,
)
add_list_column("survey_mean", mean_rating, description="Mean rating", ordering="survey_rating_mean")
