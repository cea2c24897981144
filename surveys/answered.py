"""Remembering, on the reader's own device, that they answered an article's survey, so
that the article stops inviting them and the survey says "already answered".

The article page is cached whole and shared by every reader (xrays/page_cache.py, and
nginx in front of it), so what one reader did can never be in its HTML: the invitation
stays in the page (surveys/invitations.py, cached per article), and a small script
(surveys/static/surveys/invitation.js) hides it when a cookie says this reader has
answered. Not the session: a session cookie takes a reader out of both caches for the
rest of the visit, and would tie answers to a visitor, which the survey promises not to.
Answers stay anonymous: the cookies name the article and the survey, never the response.

Answering sets two cookies, each scoped to the one path that reads it, so no other
page carries them:
- on /articles/<slug>/, readable by the script: the slug of the survey answered (a new
  survey chosen for the article is offered again);
- on /surveys/<survey>/, HttpOnly: the survey page itself (never cached) opens on
  "You've already answered — thank you" instead of the form.
They are set on the answer to the form's POST, which no cache keeps. Without JavaScript
the invitation still shows; the survey page still says it was answered."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Next year's visits to the article should not ask again either.
KEPT_FOR_SECONDS = 365 * 24 * 60 * 60
ARTICLE_COOKIE = "xrays_survey_answered"


def survey_cookie(article_id: int) -> str:
    return f"xrays_answered_{article_id}"


def remember_answer(response: HttpResponse, survey, version) -> None:
    common = {"max_age": KEPT_FOR_SECONDS, "secure": settings.SESSION_COOKIE_SECURE, "samesite": "Lax"}
    response.set_cookie(ARTICLE_COOKIE, survey.slug, path=version.get_absolute_url(), **common)
    response.set_cookie(
        survey_cookie(version.article_id),
        "1",
        path=reverse("surveys:answer", args=[survey.slug]),
        httponly=True,
        **common,
    )


def has_answered(request: HttpRequest, version) -> bool:
    """Whether this browser answered the survey at this address about this article."""
    return survey_cookie(version.article_id) in request.COOKIES
