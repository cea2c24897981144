"""Each article's survey response count and mean rating in the article admin, added by
this app without `articles` knowing it.

Django's way to extend another app's admin: subclass the ModelAdmin registered for the
model and register the subclass in its place (as projects do with UserAdmin). It
subclasses whatever is registered when this module loads, so other apps may extend the
same admin the same way. The figures come from two subqueries in the list's one query."""

from django.contrib import admin
from django.db.models import Avg, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles import admin as articles_admin  # registers ArticleAdmin before we extend it
from articles.models import Article
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


def extend(article_admin_class):
    class ArticleAdminWithSurveys(article_admin_class):
        list_display = [*article_admin_class.list_display, "survey_response_count", "survey_mean"]

        def get_queryset(self, request):
            return with_survey_figures(super().get_queryset(request))

        @admin.display(description="Responses", ordering="survey_response_total")
        def survey_response_count(self, article):
            return getattr(article, "survey_response_total", 0)

        @admin.display(description="Mean rating", ordering="survey_rating_mean")
        def survey_mean(self, article):
            value = getattr(article, "survey_rating_mean", None)
            return "–" if value is None else f"{value:.2f}"

    return ArticleAdminWithSurveys


assert articles_admin  # imported for its registration
_registered = admin.site.get_model_admin(Article)
admin.site.unregister(Article)
admin.site.register(Article, extend(type(_registered)))
