"""The search text of every published version made again from its content, as
articles.text makes it. It was made by stripping the tags, which ran the words of
neighbouring paragraphs and list items together ("spread.Chemotherapy"), and search
did not find them. On PostgreSQL the stored search vectors follow by themselves (they
are generated columns).

articles.text uses only the standard library, so the function of today is safe to
run against the historical model; a version's text is only ever derived from its
content, which stays as it was published.
"""

from django.db import migrations

from articles.text import article_text

BATCH = 500


def remake_body_text(apps, schema_editor):
    PublishedVersion = apps.get_model("articles", "PublishedVersion")
    ids = list(PublishedVersion.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        versions = PublishedVersion.objects.filter(pk__in=ids[start : start + BATCH]).only(
            "pk", "content", "body_text"
        )
        changed = []
        for version in versions:
            body_text = article_text(version.content).body_text
            if body_text != version.body_text:
                version.body_text = body_text
                changed.append(version)
        PublishedVersion.objects.bulk_update(changed, ["body_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_superseded_reviews"),
    ]

    operations = [
        migrations.RunPython(remake_body_text, migrations.RunPython.noop, elidable=True),
    ]
