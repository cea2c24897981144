"""The invitation under each live article: "Share your thoughts … brief survey", linking
to the survey the article names, or else the site-wide default, while it is open.

The article page shows it on every request, so it is cached until a survey or an
assignment changes (the "surveys" content generation): no query of its own once warm,
one when it is not. The same for every reader: one who has answered has it hidden by a
script on their own device (surveys/answered.py says why not in the HTML)."""

from django.db.models import Exists, OuterRef, Q

from surveys.models import SURVEYS, Survey, SurveyAssignment
from xrays import generations
from xrays.languages import localized


def survey_for_article(article_id):
    """(slug, title, invitation) of the open survey readers of the article are invited to,
    or None. The article's own survey wins over the default; if it is closed, there is no
    invitation (the editor chose that survey for this article)."""
    named = SurveyAssignment.objects.filter(survey=OuterRef("pk"), article_id=article_id)
    rows = list(
        Survey.objects.annotate(named=Exists(named))
        .filter(Q(named=True) | Q(is_default=True))
        .values("slug", "title", "invitation", "invitation_es", "is_open", "named")
    )
    chosen = next((r for r in rows if r["named"]), None) or (rows[0] if rows else None)
    if chosen is None or not chosen["is_open"]:
        return None
    return {
        "slug": chosen["slug"],
        "title": chosen["title"],
        "invitation": chosen["invitation"],
        "invitation_es": chosen["invitation_es"],
    }


def invitation_context(version):
    survey = generations.cached(
        SURVEYS,
        f"surveys:invitation:{version.article_id}",
        lambda: survey_for_article(version.article_id) or {},
    )
    if not survey:
        return {"survey": None}
    # Cached in every language: the reader's is chosen as the page is made.
    invitation = localized(survey, "invitation")
    return {
        "survey": {
            **survey,
            "invitation": invitation.text,
            "invitation_language": invitation.language if invitation.is_foreign else "",
        }
    }
