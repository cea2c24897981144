"""SQLite search by words as PostgreSQL finds them: an FTS5 table with the porter
stemmer over every published version, kept in step by triggers, and filled from the
versions already published. PostgreSQL has its generated columns (0006) and is left
alone. See articles/search_document.py."""

from django.db import migrations

from articles.search_document import drop_sqlite_index, make_sqlite_index


def make_index(apps, schema_editor):
    make_sqlite_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_review_emails_and_schedule_zone"),
    ]

    operations = [
        migrations.RunPython(make_index, drop_index),
    ]
