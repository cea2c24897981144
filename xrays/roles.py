"""The editorial roles, as Django groups, and the one mechanism that gives each its
permissions.

The groups themselves are site-wide ("Authors", "Scientific reviewers", "Editors"), but
each app says what each role may do with its own models, on its AppConfig:

    class GlossaryConfig(AppConfig):
        name = "glossary"
        editorial_roles = {
            EDITORS: model_perms(["view", "add", "change", "delete"], "term"),
            AUTHORS: model_perms(["view"], "term"),
        }

Codenames are the app's own (no app label). After every `migrate`, `sync_roles` sets
each group's permissions on that app's models to exactly what it declares, so a new app
adds its permissions by declaring them, without touching any other app.
"""

from django.apps import apps as django_apps

AUTHORS = "Authors"
REVIEWERS = "Scientific reviewers"
EDITORS = "Editors"
ROLES = [AUTHORS, REVIEWERS, EDITORS]


def model_perms(actions, *models):
    """Codenames for each action on each model: model_perms(["view"], "term")."""
    return [f"{action}_{model}" for model in models for action in actions]


# Apps of other projects cannot declare roles on their AppConfig: what the roles hold
# in them is declared here, by app label.
OTHER_APPS_ROLES = {
    # Editors unlock colleagues' log-ins paused after wrong passwords (django-axes):
    # they see the failed attempts and delete them.
    "axes": {EDITORS: model_perms(["view", "delete"], "accessattempt") + model_perms(["view"], "accesslog")},
}


def make_groups(group_model, using="default"):
    """The editorial groups, made if missing: {role: group}. The one place they are
    made, by the data migration (articles 0002, with its historical Group model) and
    after every migrate (sync_roles)."""
    return {role: group_model.objects.using(using).get_or_create(name=role)[0] for role in ROLES}


def declared_roles(app_config):
    """{role: set of codenames} that `app_config` declares; empty if it declares none."""
    declared = getattr(app_config, "editorial_roles", None) or OTHER_APPS_ROLES.get(app_config.label, {})
    unknown = set(declared) - set(ROLES)
    if unknown:
        raise ValueError(f"{app_config.label} declares permissions for unknown roles: {sorted(unknown)}")
    return {role: set(codenames) for role, codenames in declared.items()}


def sync_app_roles(app_config, using="default"):
    """Give each role exactly the permissions `app_config` declares on its own models,
    leaving its permissions on other apps' models alone."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    declared = declared_roles(app_config)
    if not declared:
        return
    # Django makes an app's permissions in its own post_migrate handler, which may run
    # after ours: make sure they exist first (this is idempotent).
    create_permissions(app_config, verbosity=0, using=using)
    available = {
        p.codename: p
        for p in Permission.objects.using(using).filter(content_type__app_label=app_config.label)
    }
    groups = make_groups(Group, using=using)
    for role in ROLES:
        wanted = declared.get(role, set())
        missing = wanted - set(available)
        if missing:
            raise ValueError(f"{app_config.label} declares permissions that do not exist: {sorted(missing)}")
        group = groups[role]
        current = set(group.permissions.filter(content_type__app_label=app_config.label))
        target = {available[c] for c in wanted}
        if current - target:
            group.permissions.remove(*(current - target))
        if target - current:
            group.permissions.add(*(target - current))


def sync_roles(using="default"):
    """Make the groups and give every role its permissions in every app."""
    for app_config in django_apps.get_app_configs():
        sync_app_roles(app_config, using=using)


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """post_migrate handler (connected in XraysConfig.ready): keeps the groups in step
    with what each app declares."""
    sync_app_roles(sender, using=using)
