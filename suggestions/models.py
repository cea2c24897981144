"""A news story a reader suggests for XRAYS to review, and what the editors decided.

Nothing here is ever shown to readers: the queue is the editors' (admin only). The
reader's address is kept only to send the one email about the decision, and is erased
from all their suggestions when they ask (the unsubscribe link in that email).

The state changes live in suggestions/services.py; the fields they own are not editable
in the admin."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article


def new_key():
    return secrets.token_urlsafe(16)


class Suggestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DUPLICATE = "duplicate", "Duplicate"

    class EmailStatus(models.TextChoices):
        NONE = "", "No email"
        DUE = "due", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_SENT = "not_sent", "Not sent: the reader removed their address"

    link = models.CharField("news link", max_length=2000, editable=False)
    # sha256 of links.normalised_link(link): the same for two links to one story.
    link_key = models.CharField(max_length=64, db_index=True, editable=False)
    doi = models.CharField("DOI in the link", max_length=200, blank=True, db_index=True, editable=False)
    why = models.TextField("why it matters to readers", editable=False)
    email = models.EmailField("reader's email", max_length=254, blank=True, editable=False)
    # The language of the page the form was sent from: the email is written in it.
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE, editable=False)
    # The slug of the article page the reader came from (?from=), if any.
    came_from = models.CharField("suggested from the page of", max_length=250, blank=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, editable=False)
    duplicate_of_suggestion = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        editable=False,
        help_text="An earlier suggestion of the same story.",
    )
    duplicate_of_article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="An article whose original story is this link or DOI.",
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        editable=False,
        help_text="The draft started from this suggestion.",
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    note_to_reader = models.TextField(
        blank=True, editable=False, help_text="Sent to the reader with a decline."
    )
    editors_note = models.TextField(
        "editors' note", blank=True, help_text="For the editorial team only; never sent to the reader."
    )
    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, blank=True, editable=False
    )
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_error = models.CharField(max_length=500, blank=True, editable=False)
    # Signs the reader's unsubscribe link; a link outlives neither the row nor the address.
    key = models.CharField(max_length=32, default=new_key, editable=False)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="duplicate")
                | Q(duplicate_of_suggestion__isnull=False)
                | Q(duplicate_of_article__isnull=False),
                name="a_duplicate_names_what_it_repeats",
            ),
        ]

    def __str__(self):
        return f"Suggestion {self.pk}: {self.link[:80]}"

    @property
    def is_decided(self) -> bool:
        """Whether an editor decided (accepted, declined or marked a duplicate). A
        suggestion found to repeat another as it arrived is marked a duplicate, but
        still waits for an editor's decision."""
        return self.decided_at is not None

    @property
    def duplicate_target(self):
        return self.duplicate_of_article or self.duplicate_of_suggestion
