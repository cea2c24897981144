from django.apps import AppConfig

from xrays.roles import EDITORS, REVIEWERS, model_perms

_BUILT = ["survey", "question", "choice", "surveyassignment"]


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Reader surveys"

    # Editors build surveys and read the results; reviewers read the results.
    editorial_roles = {
        EDITORS: model_perms(["view", "add", "change", "delete"], *_BUILT) + ["view_results"],
        REVIEWERS: model_perms(["view"], *_BUILT) + ["view_results"],
    }

    def ready(self):
        from articles.extensions import AFTER_ARTICLE, add_to_article_page
        from surveys.invitations import invitation_context

        add_to_article_page(AFTER_ARTICLE, "surveys/_invitation.html", get_context=invitation_context)
