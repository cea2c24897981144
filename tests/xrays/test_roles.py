"""Each app declares what each editorial role may do with its own models; the groups
follow after every migrate (xrays/roles.py)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from xrays import roles

pytestmark = pytest.mark.django_db


def perms_of(role, app_label):
    return set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label=app_label)
        .values_list("codename", flat=True)
    )


def test_an_app_outside_articles_adds_its_role_permissions_by_declaring_them():
    # tests/extension_app declares these on its AppConfig; nothing in `articles` names it.
    assert perms_of(roles.EDITORS, "extension_app") == {
        "view_highlight",
        "add_highlight",
        "change_highlight",
        "delete_highlight",
    }
    assert perms_of(roles.REVIEWERS, "extension_app") == {"view_highlight"}
    assert perms_of(roles.AUTHORS, "extension_app") == set()


@pytest.mark.parametrize("app_label", ["articles", "references", "audiences", "glossary", "xrays", "axes"])
def test_every_group_holds_exactly_what_each_app_declares(app_label):
    declared = roles.declared_roles(apps.get_app_config(app_label))
    for role in roles.ROLES:
        assert perms_of(role, app_label) == declared.get(role, set()), (role, app_label)


def test_the_editorial_rules_in_short():
    assert "publish_article" in perms_of(roles.EDITORS, "articles")
    assert "publish_article" not in perms_of(roles.REVIEWERS, "articles") | perms_of(
        roles.AUTHORS, "articles"
    )
    assert perms_of(roles.REVIEWERS, "articles") == {
        p for p in perms_of(roles.REVIEWERS, "articles") if p.startswith("view_")
    } | {"review_article", "add_reviewercredit", "change_reviewercredit"}  # their own credit only
    # Glossary definitions and audiences show on every page: only editors change them.
    assert perms_of(roles.AUTHORS, "glossary") == {"view_term"}
    assert perms_of(roles.AUTHORS, "audiences") == {"view_audience"}


def test_migrate_puts_back_what_a_hand_edit_changed():
    editors = Group.objects.get(name=roles.EDITORS)
    editors.permissions.remove(*editors.permissions.filter(codename="publish_article"))
    extra = Group.objects.get(name=roles.AUTHORS)
    from django.contrib.auth.models import Permission

    extra.permissions.add(Permission.objects.get(codename="publish_article"))
    call_command("migrate", verbosity=0)
    assert "publish_article" in perms_of(roles.EDITORS, "articles")
    assert "publish_article" not in perms_of(roles.AUTHORS, "articles")


def test_a_declaration_naming_a_permission_that_does_not_exist_is_refused():
    config = apps.get_app_config("extension_app")
    config.editorial_roles = {roles.EDITORS: ["fly_highlight"]}
    try:
        with pytest.raises(ValueError, match="fly_highlight"):
            roles.sync_app_roles(config)
    finally:
        del config.editorial_roles
