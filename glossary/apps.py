from django.apps import AppConfig

from xrays.roles import AUTHORS, EDITORS, REVIEWERS, model_perms


class GlossaryConfig(AppConfig):
    name = "glossary"

    # A definition shows on every published page at once: editors write them.
    editorial_roles = {
        AUTHORS: model_perms(["view"], "term"),
        REVIEWERS: model_perms(["view"], "term"),
        EDITORS: model_perms(["view", "add", "change", "delete"], "term"),
    }
