"""Readers who follow pages, what they follow, the notices sent when a page changes,
and one delivery per (notice, reader).

An address receives nothing but its confirmation email until it is confirmed; each
follow is confirmed on its own, so following a second page from a known address asks
for confirmation again and reveals nothing about the address's other follows."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, PublishedVersion
from audiences.models import Audience


def new_key():
    return secrets.token_urlsafe(16)


CONFIRMATIONS_DAY = datetime.timedelta(days=1)


class SubscriberQuerySet(models.QuerySet):
    def count_confirmation_email(
        self, now: datetime.datetime, *, interval: datetime.timedelta, per_day: int
    ) -> int:
        """Count a confirmation email to each of these addresses that may get one at
        `now`: not refused by its mail server, none sent within `interval`, fewer than
        `per_day` in the day its count began (a day from the first email it counts).
        Returns how many were counted: an address not counted gets no email.

        One UPDATE, so that two workers asked to email one address cannot both be
        allowed: the second waits for the first's row lock (PostgreSQL) or for the
        write lock (SQLite), and then no longer matches."""
        new_day = Q(confirmations_counted_from=None) | Q(
            confirmations_counted_from__lte=now - CONFIRMATIONS_DAY
        )
        return (
            self.filter(refused_at=None)
            .filter(Q(confirmation_sent_at=None) | Q(confirmation_sent_at__lte=now - interval))
            .filter(new_day | Q(confirmations_counted__lt=per_day))
            .update(
                confirmation_sent_at=now,
                confirmations_counted_from=Case(
                    When(new_day, then=Value(now)), default=F("confirmations_counted_from")
                ),
                confirmations_counted=Case(
                    When(new_day, then=Value(1)), default=F("confirmations_counted") + 1
                ),
            )
        )


class Subscriber(models.Model):
    """An email address, in the one form subscriptions/addresses.py gives it. Deleting
    it deletes every follow and delivery tied to it."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Part of every signed link: a link made for an address that was deleted and added
    # again does not open the new one.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    # A permanent refusal of the address (5xx about the mailbox: sending.refuses_address)
    # stops all mail to it.
    refused_at = models.DateTimeField("mail refused at", null=True, blank=True)
    refusal = models.CharField("server's answer", max_length=500, blank=True)
    # Confirmation emails sent to the address (SubscriberQuerySet.count_confirmation_email),
    # so that typing it into the follow form again and again cannot flood its inbox: the
    # last one, and how many since `confirmations_counted_from`.
    confirmation_sent_at = models.DateTimeField(
        "last confirmation email", null=True, blank=True, editable=False
    )
    confirmations_counted_from = models.DateTimeField(null=True, blank=True, editable=False)
    confirmations_counted = models.PositiveSmallIntegerField(default=0, editable=False)
    # The language of every email to the address: that of the page it followed from,
    # changed when its owner confirms a follow asked from a page in another language,
    # or chooses on the manage page (subscriptions/follow.py).
    language = models.CharField(
        "emails in", max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        permissions = [("export_subscriber", "Can export subscriber addresses as CSV")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Subscription(models.Model):
    """One thing an address follows: an article, an audience, or (neither) the whole site.
    Audience and site followers choose an email for each new article or a weekly digest."""

    class Frequency(models.TextChoices):
        EACH = "each", gettext_lazy("An email for each new or updated article")
        WEEKLY = "weekly", gettext_lazy("A weekly digest")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    audience = models.ForeignKey(Audience, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.EACH)
    # When its own confirmation email was counted: a follow that never had one waits
    # for its address's next turn instead of going without (follow.confirmation_later).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The language of the page this follow was last asked from: its confirmation email
    # is in it, and confirming makes it the address's (a stranger typing the address
    # into a Spanish page cannot change the language of a confirmed reader's emails).
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency="each") | Q(article__isnull=True),
                name="subscription_digest_not_for_one_article",
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(audience__isnull=True),
                name="subscription_article_or_audience",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "article"],
                condition=Q(article__isnull=False),
                name="subscription_unique_article",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "audience"],
                condition=Q(audience__isnull=False),
                name="subscription_unique_audience",
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(article__isnull=True, audience__isnull=True),
                name="subscription_unique_site",
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} follows {self.describe()}"

    def describe(self):
        """What is followed, in the active language (the emails' and pages')."""
        if self.article_id:
            live = self.article.live_version
            return _("the article “%(title)s”") % {"title": live.title if live else self.article.title}
        weekly = self.frequency == self.Frequency.WEEKLY
        if self.audience_id:
            if weekly:
                return _("new articles for %(audience)s (weekly digest)") % {"audience": self.audience.name}
            return _("new articles for %(audience)s") % {"audience": self.audience.name}
        return _("all new articles (weekly digest)") if weekly else _("all new articles")

    def brings(self):
        """What this follow sends, in the words of the manage page."""
        if self.article_id:
            return _("An email when this article is updated")
        weekly = self.frequency == self.Frequency.WEEKLY
        if self.audience_id:
            name = {"audience": self.audience.name}
            if weekly:
                return _("A weekly digest of new and updated articles for %(audience)s") % name
            return _("An email for each new or updated article for %(audience)s") % name
        if weekly:
            return _("A weekly digest of new and updated articles on XRAYS")
        return _("An email for each new or updated article on XRAYS")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class NoticeQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            queued=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.QUEUED)),
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
            skipped=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SKIPPED)),
        )

    def with_progress(self, now=None):
        """with_counts, and how sending goes: `retrying` (queued after a temporary
        failure), `oldest_due` (of the queued), `last_sent_at` and `stalled`: not paused,
        due for STALLED_AFTER and nothing sent in that time."""
        queued = Q(deliveries__status=Delivery.Status.QUEUED)
        return (
            self.with_counts()
            .annotate(
                retrying=Count("deliveries", filter=queued & ~Q(deliveries__error="")),
                oldest_due=Min("deliveries__next_attempt_at", filter=queued),
                last_sent_at=Max("deliveries__sent_at"),
            )
            .annotate(
                stalled=ExpressionWrapper(
                    stalled_condition(now or timezone.now()), output_field=BooleanField()
                )
            )
        )

    def needing_attention(self, now=None):
        """Of with_progress(): notices that have stalled or have failures."""
        return self.filter(stalled_condition(now or timezone.now()) | Q(failed__gt=0) | Q(retrying__gt=0))


# Deliveries due this long with nothing sent meanwhile: sending has stopped (the notices
# admin and the health check of the queue, subscriptions/queue.py).
STALLED_AFTER = datetime.timedelta(minutes=10)


def stalled_condition(now):
    """On with_progress()'s annotations: the notice's sending has stopped."""
    late = now - STALLED_AFTER
    return Q(paused_at=None, oldest_due__lte=late) & (Q(last_sent_at=None) | Q(last_sent_at__lte=late))


class Notice(models.Model):
    """The email announcing one publication, to be delivered to every follower it had
    when it was made."""

    class Kind(models.TextChoices):
        NEW = "new", "New article"
        UPDATE = "update", "Update"
        DIGEST = "digest", "Weekly digest"

    # A digest has neither: it lists the week's articles (see subscriptions/digest.py).
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        PublishedVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A digest covers the 7 days before this day; one digest per ISO week.
    digest_until = models.DateTimeField(null=True, blank=True)
    digest_week = models.CharField(max_length=8, null=True, blank=True, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Who it reaches: followers of the article (updates only), of these audiences, and
    # of the whole site. Kept so that an address that stops following before its
    # delivery goes out is skipped.
    audiences = models.ManyToManyField(Audience, blank=True, related_name="+")
    paused_at = models.DateTimeField(null=True, blank=True)
    # The languages (codes, space-separated) whose readers following the site or an
    # audience are told: those to whom PublishedVersion.for_readers_of offers the
    # version when the notice is made (a Spanish version to Spanish readers; an English
    # one to English readers, and to Spanish readers while no Spanish translation of
    # the article is live). A digest is for every language, each reader getting the
    # week's articles in theirs. Followers of the article itself are told whatever
    # their language.
    languages = models.CharField(max_length=100, default=settings.LANGUAGE_CODE)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        if self.kind == self.Kind.DIGEST:
            return f"Weekly digest {self.digest_week}"
        return f"{self.get_kind_display()}: {self.version.title}"

    @property
    def is_paused(self):
        return self.paused_at is not None

    def failure_reasons(self, limit=20):
        """The mail server's answers to the failed and retrying deliveries, the most
        frequent first: [(answer, how many)]."""
        failing = self.deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.QUEUED])
        reasons = failing.exclude(error="").values("error").annotate(n=Count("pk")).order_by("-n", "error")
        return [(row["error"], row["n"]) for row in reasons[:limit]]

    def still_followed_by(self, audience_ids=None):
        """A condition on Subscription: the follows that this notice is for."""
        if audience_ids is None:
            audience_ids = self.audiences.values("pk")
        scope = Q(article__isnull=True, audience__isnull=True) | Q(audience__in=audience_ids)
        scope &= Q(subscriber__language__in=self.languages.split())
        if self.kind == self.Kind.UPDATE:
            scope |= Q(article_id=self.article_id)
        weekly = self.kind == self.Kind.DIGEST
        frequency = Subscription.Frequency.WEEKLY if weekly else Subscription.Frequency.EACH
        return scope & Q(confirmed_at__isnull=False, frequency=frequency)


class Delivery(models.Model):
    """The notice for one address. Unique per (notice, subscriber): an address gets a
    notice once, however many of its follows it matches."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # The sending run that holds this delivery, and until when (see subscriptions/queue.py).
    # A database default: deliveries are made by a raw INSERT … SELECT (notices.py).
    claimed_by = models.CharField(max_length=32, blank=True, editable=False, db_default="")
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "subscriber"], name="delivery_once_per_subscriber")
        ]
        # Due deliveries in sending order (subscriptions/queue.py), read from the index.
        indexes = [models.Index(fields=["status", "next_attempt_at", "id"], name="delivery_due")]

    def __str__(self):
        return f"{self.notice} to {self.subscriber}"


class ScheduledSend(models.Model):
    """A later run of the sending task already asked for, by the moment it is due: at
    most one is enqueued per moment (tasks.SCHEDULE_STEP), however many runs ask
    (retries, follow-ups)."""

    due_at = models.DateTimeField(unique=True)

    def __str__(self):
        return f"sending run at {self.due_at:%Y-%m-%d %H:%M:%S}"
