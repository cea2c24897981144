from django.db import migrations

# The three editorial groups. Their permissions are declared by each app (see
# xrays/roles.py) and applied after every migrate.
ROLES = ["Authors", "Scientific reviewers", "Editors"]


def make_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(make_roles, migrations.RunPython.noop)]
