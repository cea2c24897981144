"""Offers to review articles, from health professionals and trained patient advocates.

An offer is personal data that reached XRAYS through the public form: the reader's
answers are kept as sent (the admin shows them read-only), and only editors see them
(apps.py). Each offer is its own row, even from an address that offered before: the
reader is answered the same either way, and editors see the address's other offers
beside it. What editors did with an offer (invited to review one article through a
signed preview link, or given an account) is recorded on it, with the outcome of the
email that told the volunteer."""

from django.conf import settings
from django.db import models

NAME_LIMIT = 200
ROLE_LIMIT = 300
AREAS_LIMIT = 1000
NOTE_LIMIT = 2000
# PreviewLink.recipient's length.
RECIPIENT_LIMIT = 200


class VolunteerOfferQuerySet(models.QuerySet):
    def from_address(self, email: str) -> "VolunteerOfferQuerySet":
        return self.filter(email=email)

    def with_offers_from_address(self) -> "VolunteerOfferQuerySet":
        """Each offer with `offers_from_address`: how many offers its address has sent."""
        same_address = (
            VolunteerOffer.objects.filter(email=models.OuterRef("email"))
            .order_by()
            .values("email")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(offers_from_address=models.Subquery(same_address))


class VolunteerOffer(models.Model):
    class Kind(models.TextChoices):
        HEALTH_PROFESSIONAL = "health_professional", "Health professional"
        PATIENT_ADVOCATE = "patient_advocate", "Trained patient advocate"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEW = "new", "New"
        INVITED = "invited", "Invited to review an article"
        ACCOUNT_CREATED = "account_created", "Account created"
        DECLINED = "declined", "Declined"

    class Email(models.TextChoices):
        NONE = "", "—"
        QUEUED = "queued", "Queued"
        # Claimed by one run of the worker's task (volunteers/tasks.py): no other sends it.
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # What the reader sent.
    name = models.CharField(max_length=NAME_LIMIT)
    email = models.EmailField(max_length=254, db_index=True)
    kind = models.CharField("which they are", max_length=30, choices=Kind.choices)
    role = models.CharField("role or qualification, and where", max_length=ROLE_LIMIT)
    areas = models.TextField("areas of cancer they know", max_length=AREAS_LIMIT)
    languages = models.CharField(
        "languages they review in", max_length=20, help_text="Language codes, separated by spaces."
    )
    note = models.TextField(max_length=NOTE_LIMIT, blank=True)
    consented_at = models.DateTimeField(
        help_text="When they agreed that XRAYS may store this to contact them."
    )
    language = models.CharField(
        "language of the form", max_length=10, help_text="Emails to them are written in it."
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # What editors did with it.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    editor_note = models.TextField(blank=True, help_text="For editors only; never sent to the volunteer.")
    preview_link = models.ForeignKey(
        "articles.PreviewLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The one email each step sends: its outcome, for editors to see.
    email_status = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True)

    objects = VolunteerOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "volunteer offer"
        permissions = [("create_reviewer_account", "Can create reviewer accounts from volunteer offers")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def language_names(self) -> str:
        names = dict(settings.LANGUAGES)
        return ", ".join(str(names.get(code, code)) for code in self.language_codes)

    language_names.short_description = "Reviews in"

    @property
    def recipient(self) -> str:
        """Who a preview link is for, as the link records it: "Name <address>", the name
        shortened to fit the link's 200 characters."""
        room = RECIPIENT_LIMIT - len(self.email) - len(" <>")
        if room < 1:
            return self.email[:RECIPIENT_LIMIT]
        return f"{self.name[:room]} <{self.email}>"
