"""The editorial roles, as Django groups, and the permissions each holds.

A data migration applies ROLE_PERMISSIONS; when they change, add a migration that
calls `sync_roles` again."""

AUTHORS = "Authors"
REVIEWERS = "Scientific reviewers"
EDITORS = "Editors"

_CONTENT = ["article", "section", "doctorquestion", "clinicaltrial", "guideline", "resource", "citation"]
_RECORDS = ["publishedversion", "review", "reviewcomment", "workflowevent", "previewlink"]


def _perms(app_label, actions, models):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


_VIEW_ALL = (
    _perms("articles", ["view"], _CONTENT + _RECORDS)
    + _perms("references", ["view"], ["reference"])
    + _perms("audiences", ["view"], ["audience"])
    + _perms("glossary", ["view"], ["term"])
)

ROLE_PERMISSIONS = {
    AUTHORS: sorted(
        set(
            _VIEW_ALL
            + _perms("articles", ["add", "change", "delete"], _CONTENT[1:])
            + _perms("articles", ["add", "change"], ["article"])
            + _perms("references", ["add", "change"], ["reference"])
            # Glossary definitions show on every published page at once: editors write them.
        )
    ),
    # Reviewers read everything, comment, approve or request changes; they edit nothing.
    REVIEWERS: sorted(set(_VIEW_ALL + ["articles.review_article"])),
    EDITORS: sorted(
        set(
            _VIEW_ALL
            + _perms("articles", ["add", "change", "delete"], _CONTENT)
            + ["articles.publish_article", "articles.review_article", "articles.share_preview"]
            + _perms("references", ["add", "change", "delete"], ["reference"])
            + _perms("audiences", ["add", "change", "delete"], ["audience"])
            + _perms("glossary", ["add", "change", "delete"], ["term"])
            + _perms("xrays", ["view", "add", "change"], ["sitetext"])
        )
    ),
}


def sync_roles(apps):
    """Create the groups and give each exactly its permissions. `apps` is a
    migration's app registry (or django.apps.apps)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, which create_permissions needs.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
