"""Spanish versions found in Spanish on PostgreSQL: each version's search vectors are
made with its language's text search configuration, Spanish ones with `xrays_spanish`
(PostgreSQL's `spanish` folding accents first, through the `unaccent` extension).

PostgreSQL cannot change a generated column's expression in place, so both vector
columns are dropped and added again (and the GIN index with them): the database
writes every existing version's vectors as it adds them. SQLite is unchanged (its
columns are NULL; its FTS5 index already folds accents for every language).

`CREATE EXTENSION unaccent` needs a superuser, or a database owner where the
extension is trusted; otherwise a DBA creates it first (docs/operations.md)."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import articles.search_document
from articles.search_document import drop_spanish_config, make_spanish_config


def make_config(apps, schema_editor):
    make_spanish_config(schema_editor.connection)


def drop_config(apps, schema_editor):
    drop_spanish_config(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_translations"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(make_config, drop_config),
        migrations.RemoveIndex(model_name="publishedversion", name="version_search_document_gin"),
        migrations.RemoveField(model_name="publishedversion", name="search_document"),
        migrations.RemoveField(model_name="publishedversion", name="search_heading"),
        migrations.AddField(
            model_name="publishedversion",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_document.OnPostgreSQL(
                    models.Case(
                        models.When(
                            language="es",
                            then=django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.CombinedSearchVector(
                                    django.contrib.postgres.search.SearchVector(
                                        "title", config="xrays_spanish", weight="A"
                                    ),
                                    "||",
                                    django.contrib.postgres.search.SearchVector(
                                        "summary", config="xrays_spanish", weight="B"
                                    ),
                                    django.contrib.postgres.search.SearchConfig("xrays_spanish"),
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "body_text", config="xrays_spanish", weight="C"
                                ),
                                django.contrib.postgres.search.SearchConfig("xrays_spanish"),
                            ),
                        ),
                        default=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    "title", config="english", weight="A"
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "summary", config="english", weight="B"
                                ),
                                django.contrib.postgres.search.SearchConfig("english"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "body_text", config="english", weight="C"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddField(
            model_name="publishedversion",
            name="search_heading",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_document.OnPostgreSQL(
                    models.Case(
                        models.When(
                            language="es",
                            then=django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    "title", config="xrays_spanish", weight="A"
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "summary", config="xrays_spanish", weight="B"
                                ),
                                django.contrib.postgres.search.SearchConfig("xrays_spanish"),
                            ),
                        ),
                        default=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "title", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "summary", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddIndex(
            model_name="publishedversion",
            index=articles.search_document.SearchDocumentIndex(
                fastupdate=False, fields=["search_document"], name="version_search_document_gin"
            ),
        ),
    ]
