"""How reviewers are credited on the public review record (articles.models.credits):
named only when they agreed to be."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_review_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewerCredit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "named_publicly",
                    models.BooleanField(
                        default=False,
                        help_text="The reviewer agreed to be named on the public review record of the articles they reviewed.",
                        verbose_name="named publicly",
                    ),
                ),
                (
                    "public_name",
                    models.CharField(
                        blank=True, help_text='The name readers see, e.g. "Dr. Ana Ruiz".', max_length=120
                    ),
                ),
                (
                    "public_role",
                    models.CharField(
                        blank=True,
                        help_text='Shown after the name, e.g. "medical oncologist" (optional).',
                        max_length=120,
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviewer_credit",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewer",
                    ),
                ),
            ],
            options={
                "verbose_name": "reviewer credit",
                "permissions": [("manage_reviewer_credits", "Can set how any reviewer is credited")],
            },
        ),
    ]
