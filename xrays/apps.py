from django.apps import AppConfig
from django.db.models.signals import post_migrate

from xrays.roles import EDITORS, model_perms, sync_roles_after_migrate


class XraysConfig(AppConfig):
    name = "xrays"
    verbose_name = "Site"

    # Site text (the independence disclosure) shows on every article: editors keep it.
    editorial_roles = {
        EDITORS: model_perms(["view", "add", "change"], "sitetext"),
    }

    def ready(self):
        # After every migrate, each app's declared role permissions are applied.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="xrays.roles.sync")
        from xrays import (
            catalogues,  # noqa: F401 - registers the check that translations are compiled
            checks,  # noqa: F401 - registers the deployment checks
        )
