"""Which workflow emails a member of the editorial team wants. Each person changes their
own on the admin's "Email notifications" page; someone who never opened it gets every
email their role concerns (as in Wagtail's moderation), so a missing row means "yes"."""

from django.conf import settings
from django.db import models


class EmailPreference(models.Model):
    class Kind(models.TextChoices):
        REVIEW_REQUESTS = "review_requests", "submitted for review"
        REVIEW_OUTCOMES = "review_outcomes", "approved or sent back"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_email_preference"
    )
    review_requests = models.BooleanField(
        "Email me when an article is submitted for review",
        default=True,
        help_text="Sent to reviewers of the Scientific Advisory Board.",
    )
    review_outcomes = models.BooleanField(
        "Email me when a reviewer approves an article I wrote or submitted, or requests changes",
        default=True,
    )

    class Meta:
        verbose_name = "email notification preference"

    def __str__(self):
        return f"Email notifications of {self.user}"

    @classmethod
    def of(cls, user) -> "EmailPreference":
        """The user's preferences, unsaved defaults (every email) if they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    # Which preference covers the email about each step.
    STEPS = {
        "submitted": Kind.REVIEW_REQUESTS,
        "approved": Kind.REVIEW_OUTCOMES,
        "changes_requested": Kind.REVIEW_OUTCOMES,
    }

    def wants(self, step: str) -> bool:
        """Whether they want the email about `step` (a key of STEPS)."""
        return bool(getattr(self, self.STEPS[step]))

    @classmethod
    def opted_out(cls, kind: str) -> models.QuerySet:
        """Ids of the users who turned off emails of `kind` (a Kind)."""
        return cls.objects.filter(**{kind: False}).values("user_id")
