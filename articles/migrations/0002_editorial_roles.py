from django.db import migrations

# The three editorial groups, made by xrays.roles.make_groups (the one place they are
# named and made). Their permissions are declared by each app and applied after every
# migrate (xrays.roles.sync_roles, which also makes a group again should one be deleted).
from xrays.roles import make_groups


def make_roles(apps, schema_editor):
    make_groups(apps.get_model("auth", "Group"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(make_roles, migrations.RunPython.noop)]
