"""The reader's side of a survey: the form, the thank-you page and the closed page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from articles.models import PublishedVersion
from surveys.answered import has_answered, remember_answer
from surveys.answering import ArticleNotLive, record_response
from surveys.forms import SurveyForm
from surveys.models import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, Survey
from xrays.languages import localized, reader_language


def live_version_named(request):
    """The live version of the article the survey is about (`?article=<slug>`), or 404."""
    slug = request.GET.get("article", "")
    version = (
        PublishedVersion.objects.live().filter(slug=slug).select_related("article").first() if slug else None
    )
    if version is None:
        raise Http404("No published article at this address: open the survey from the article's page.")
    return version


def survey_texts(survey):
    """The survey's title and introduction in the reader's language (or English)."""
    return {"title": localized(survey, "title"), "introduction": localized(survey, "introduction")}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=lambda group, request: settings.SURVEY_RATE, method="POST", block=True)
def answer(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    version = live_version_named(request)
    texts = survey_texts(survey)
    if not survey.is_open:
        return render(request, "surveys/closed.html", {"survey": survey, "version": version, **texts})
    questions = survey.asked_questions()
    if request.method == "POST":
        form = SurveyForm(questions, request.POST)
        if form.is_valid():
            if not form.is_from_a_bot:  # a bot is thanked, and nothing is stored
                try:
                    record_response(survey, version.article_id, form.answers(), language=reader_language())
                except ArticleNotLive:
                    raise Http404("This article is no longer published.") from None
            thanks = reverse("surveys:thanks", args=[survey.slug])
            response = redirect(f"{thanks}?{urlencode({'article': version.slug})}")
            # A bot too: it is answered as a person would be.
            remember_answer(response, survey, version)
            return response
    else:
        form = SurveyForm(questions)
        # Answers are anonymous and cannot be changed; someone else on the same device
        # may still answer ("again").
        if has_answered(request, version) and "again" not in request.GET:
            return render(request, "surveys/answered.html", {"survey": survey, "version": version, **texts})
    return render(
        request,
        "surveys/survey.html",
        {
            "survey": survey,
            "version": version,
            "form": form,
            **texts,
            "short_limit": SHORT_TEXT_LIMIT,
            "long_limit": LONG_TEXT_LIMIT,
        },
    )


@require_safe
def thanks(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    slug = request.GET.get("article", "")
    version = PublishedVersion.objects.live().filter(slug=slug).first() if slug else None
    return render(
        request, "surveys/thanks.html", {"survey": survey, "version": version, **survey_texts(survey)}
    )
