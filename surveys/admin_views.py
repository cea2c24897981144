"""The editors' results pages: /admin/surveys/survey/<pk>/results/ and results.csv.
Only staff with "Can read survey results" (editors, reviewers) see them."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode

from surveys import export, results
from surveys.models import Question, Survey


def may_view_results(user):
    return user.has_perm("surveys.view_results")


def _survey_for(request, pk):
    if not may_view_results(request.user):
        raise PermissionDenied
    return get_object_or_404(Survey, pk=pk)


def _filters(request, survey):
    """The filter form, and the filters it holds when valid (none when not)."""
    form = results.ResultsFilterForm(survey, request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def results_page(request, pk, admin_site):
    survey = _survey_for(request, pk)
    form, filters = _filters(request, survey)
    responses = results.filtered_responses(survey, filters)
    scale_max = max(
        (q.scale_max for q in survey.questions.all() if q.kind == Question.Kind.RATING), default=5
    )
    export_filters = {k: v for k, v in request.GET.items() if k in form.fields and k != "q" and v}
    context = {
        **admin_site.each_context(request),
        "title": f"Results: {survey}",
        "opts": Survey._meta,
        "survey": survey,
        "form": form,
        "search": filters.get("q", ""),
        "total": responses.count(),
        "overall_mean": results.overall_mean(responses),
        "questions": results.question_results(survey, responses, search=filters.get("q", "")),
        "articles": results.compare_articles(responses),
        # Every version of the articles chosen, whatever the version filter says.
        "versions": results.compare_versions(results.filtered_responses(survey, filters, with_version=False)),
        "months": results.by_month(responses, scale_max),
        # Every language, whatever the language filter says, each linking to its own.
        "languages": language_rows(request, survey, filters),
        "language": filters.get("language", ""),
        "csv_query": urlencode(export_filters),
        "text_limit": results.TEXT_ANSWERS_SHOWN,
    }
    return render(request, "admin/surveys/survey/results.html", context)


def language_rows(request, survey, filters):
    """results.by_language, each row with the address of the results in its language
    alone (the other filters kept)."""
    rows = results.by_language(results.filtered_responses(survey, filters, with_language=False))
    for row in rows:
        query = request.GET.copy()
        query["language"] = row["code"]
        row["url"] = f"?{query.urlencode()}"
    return rows


def results_csv(request, pk):
    survey = _survey_for(request, pk)
    _form, filters = _filters(request, survey)
    responses = results.filtered_responses(survey, filters)
    response = StreamingHttpResponse(
        export.csv_lines(survey, responses), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-responses-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
