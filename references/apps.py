from django.apps import AppConfig

from xrays.roles import AUTHORS, EDITORS, REVIEWERS, model_perms


class ReferencesConfig(AppConfig):
    name = "references"

    # Authors add the papers they cite; only editors delete one (it may be cited elsewhere).
    editorial_roles = {
        AUTHORS: model_perms(["view", "add", "change"], "reference"),
        REVIEWERS: model_perms(["view"], "reference"),
        EDITORS: model_perms(["view", "add", "change", "delete"], "reference"),
    }
