from django.apps import AppConfig

from xrays.roles import AUTHORS, EDITORS, REVIEWERS, model_perms


class AudiencesConfig(AppConfig):
    name = "audiences"

    # Audiences are shared by every article and listed to readers: editors keep the list.
    editorial_roles = {
        AUTHORS: model_perms(["view"], "audience"),
        REVIEWERS: model_perms(["view"], "audience"),
        EDITORS: model_perms(["view", "add", "change", "delete"], "audience"),
    }
