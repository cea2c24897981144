"""Review dates: when the Scientific Advisory Board last confirmed what readers see
(`reviewed_on`), how often an article is checked again (`review_interval_months`, empty
for the site's setting), the re-confirmation that records a check without a new
version, and the editors' weekly reminder of reviews due (one per ISO week). Articles
published before this get the date of their live version."""

import django.core.validators
from django.db import migrations, models
from django.utils import timezone


def reviewed_when_published(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    published = Article.objects.filter(live_version__isnull=False, reviewed_on__isnull=True)
    for article in published.select_related("live_version"):
        article.reviewed_on = timezone.localdate(article.live_version.published_at)
        article.save(update_fields=["reviewed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_rating_names_in_spanish"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="review_interval_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                help_text=(
                    "How many months after each review the Scientific Advisory Board checks "
                    "this article again. Leave empty for the site's usual interval."
                ),
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(120),
                ],
                verbose_name="review every (months)",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="reviewed_on",
            field=models.DateField(
                blank=True,
                editable=False,
                null=True,
                help_text="When the Scientific Advisory Board last confirmed the version readers see.",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="decision",
            field=models.CharField(
                choices=[
                    ("approved", "Approved"),
                    ("changes_requested", "Changes requested"),
                    ("reconfirmed", "Re-confirmed without changes"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="workflowevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("edited", "Edited"),
                    ("submitted", "Submitted for review"),
                    ("approved", "Approved"),
                    ("changes_requested", "Requested changes"),
                    ("commented", "Commented"),
                    ("comment_resolved", "Resolved a comment"),
                    ("published", "Published"),
                    ("scheduled", "Scheduled"),
                    ("unscheduled", "Cancelled the schedule"),
                    ("schedule_failed", "Scheduled publication stopped"),
                    ("schedule_retried", "Scheduled publication delayed by an error, to be retried"),
                    ("withdrawn", "Withdrawn"),
                    ("superseded", "Marked superseded by a newer review"),
                    ("unsuperseded", "Took back the superseded mark"),
                    ("preview_shared", "Shared a preview link"),
                    ("preview_revoked", "Revoked a preview link"),
                    ("reconfirmed", "Re-confirmed by the Scientific Advisory Board without changes"),
                ],
                max_length=30,
            ),
        ),
        migrations.CreateModel(
            name="ReviewReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "week",
                    models.CharField(help_text='The ISO week, e.g. "2026-W50".', max_length=8, unique=True),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "overdue",
                    models.PositiveIntegerField(default=0, help_text="Articles whose review was overdue."),
                ),
                (
                    "due_soon",
                    models.PositiveIntegerField(default=0, help_text="Articles whose review was due soon."),
                ),
            ],
            options={"ordering": ["-week"]},
        ),
        migrations.RunPython(reviewed_when_published, migrations.RunPython.noop),
    ]
