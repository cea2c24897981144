"""An app that only the tests install. It shows that a new app reaches the article page,
the editorial roles and the demo content through their extension points, with no edit
to `articles`: it fills the two places on the article page, declares what each role may
do with its model, and adds its part to `load_demo`."""

from django.apps import AppConfig

from articles.extensions import AFTER_ARTICLE, AFTER_HEADER, add_to_article_page
from xrays.roles import EDITORS, REVIEWERS, model_perms


def note_for(version):
    # One query, whatever the article: contributions may not grow with the content.
    from tests.extension_app.models import Highlight

    return {"highlight": Highlight.objects.filter(article_id=version.article_id).first()}


class ExtensionAppConfig(AppConfig):
    name = "tests.extension_app"
    label = "extension_app"

    editorial_roles = {
        EDITORS: model_perms(["view", "add", "change", "delete"], "highlight"),
        REVIEWERS: model_perms(["view"], "highlight"),
    }

    def ready(self):
        add_to_article_page(AFTER_HEADER, "extension_app/follow_link.html")
        add_to_article_page(AFTER_ARTICLE, "extension_app/highlight.html", get_context=note_for)
