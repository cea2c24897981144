"""How a reviewer is credited on the public review record. Readers are told how many
members of the Scientific Advisory Board reviewed each version; a reviewer is named
only after agreeing to it, in the words they chose, never from their log-in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from xrays import generations

# The review history pages show the names: a change to a credit, even a bulk update,
# builds the cached pages afresh (every page's key holds every scope's generation).
CREDITS = generations.declare("reviewer-credits")


class ReviewerCreditQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class ReviewerCredit(models.Model):
    """Whether, and how, one reviewer is named publicly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_credit",
        verbose_name="reviewer",
    )
    named_publicly = models.BooleanField(
        "named publicly",
        default=False,
        help_text="The reviewer agreed to be named on the public review record of the articles they reviewed.",
    )
    public_name = models.CharField(
        max_length=120, blank=True, help_text='The name readers see, e.g. "Dr. Ana Ruiz".'
    )
    public_role = models.CharField(
        max_length=120, blank=True, help_text='Shown after the name, e.g. "medical oncologist" (optional).'
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewerCreditQuerySet.as_manager()

    class Meta:
        verbose_name = "reviewer credit"
        permissions = [("manage_reviewer_credits", "Can set how any reviewer is credited")]

    def __str__(self):
        return self.public_name or str(self.user)

    def clean(self):
        if self.named_publicly and not self.public_name.strip():
            raise ValidationError(
                {"public_name": "Write the name readers see, or leave “named publicly” off."}
            )


generations.track(ReviewerCredit, CREDITS)
