"""Following, confirming and stopping: the one way each is done, whoever asks (the
public pages, the admin, the tests)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from articles.models import Article
from audiences.models import Audience
from subscriptions.addresses import canonical_email
from subscriptions.models import CONFIRMATIONS_DAY, Subscriber, Subscription
from subscriptions.tokens import CONFIRMATION_MAX_AGE

# How long an address, or a follow, that nobody confirmed is kept.
UNCONFIRMED_KEPT_FOR = CONFIRMATION_MAX_AGE


def follow(
    email: str,
    *,
    article: Article | None = None,
    audience: Audience | None = None,
    frequency: str = Subscription.Frequency.EACH,
    language: str | None = None,
) -> Subscription:
    """Record that `email` wishes to follow the article, the audience, or (neither) the
    whole site, and have the worker send it a confirmation email. Raises
    addresses.UnusableAddress for an address no email would reach.

    Nothing in the answer, nor in its time, may tell whether the address was known or
    already follows this: the same statements run in every case (each written to
    change a row or none), and whether an email goes out, and which, is decided by the
    worker. Only the address's owner reads the email.

    `language`: of the page followed from (the request's, which LocaleMiddleware takes
    from the address, /es/…; English if not given: never the active language of
    whatever process calls this): the confirmation email is in it, and so is every
    email to an address not yet confirmed. A confirmed address keeps its language
    until its owner confirms this follow (`confirm`)."""
    from subscriptions.tasks import send_confirmation

    email = canonical_email(email)
    language = reader_language(language)
    now = timezone.now()
    if article is not None:
        frequency = Subscription.Frequency.EACH  # a page's updates come one by one
    with transaction.atomic():
        # Insert, or lock the existing row (its pk comes back either way): nobody can
        # delete the address under this follow before it commits.
        (subscriber,) = Subscriber.objects.bulk_create(
            [Subscriber(email=email, created_at=now, language=language)],
            update_conflicts=True,
            unique_fields=["email"],
            update_fields=["email"],
        )
        # Asking again restarts the time an unconfirmed address or follow is kept; the
        # choice made last is the one confirmed (a confirmed follow is changed only from
        # its manage page).
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at=None).update(
            created_at=now, language=language
        )
        this_follow = Subscription.objects.filter(subscriber=subscriber, article=article, audience=audience)
        this_follow.filter(confirmed_at=None).update(created_at=now, frequency=frequency)
        # Its email (a confirmation, or "you already follow this") is in the language
        # of the page it was asked from last.
        this_follow.update(language=language)
        # The follow's three unique constraints are partial, which an upsert cannot
        # name: insert unless one is there, then read the one there is.
        Subscription.objects.bulk_create(
            [
                Subscription(
                    subscriber=subscriber,
                    article=article,
                    audience=audience,
                    frequency=frequency,
                    created_at=now,
                    language=language,
                )
            ],
            ignore_conflicts=True,
        )
        subscription = this_follow.select_related("subscriber").get()
        transaction.on_commit(lambda: send_confirmation.enqueue(subscription.pk))
    return subscription


def may_send_confirmation(subscription: Subscription, now: datetime.datetime | None = None) -> bool:
    """Whether the worker may send the confirmation email of `subscription` now,
    counting it if so: never to an address its mail server refused, and at most one
    every CONFIRMATION_EMAIL_INTERVAL and CONFIRMATION_EMAILS_PER_DAY a day per address,
    however often it is typed into the follow forms. The reader who typed it is
    answered the same either way."""
    now = now or timezone.now()
    with transaction.atomic():
        counted = Subscriber.objects.filter(pk=subscription.subscriber_id).count_confirmation_email(
            now,
            interval=settings.CONFIRMATION_EMAIL_INTERVAL,
            per_day=settings.CONFIRMATION_EMAILS_PER_DAY,
        )
        if counted:
            Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=now)
    return counted > 0


def confirmation_later(subscription: Subscription) -> datetime.datetime | None:
    """When the confirmation of `subscription`, held back by its address's interval,
    may go out after all: a new follow, never emailed, asked for within minutes of
    another (a reader following a second page) gets its link once the interval is
    over, if the address's day has room. None for a follow already emailed or
    confirmed: asking again for it is what a flood looks like."""
    subscriber = Subscriber.objects.get(pk=subscription.subscriber_id)
    never_emailed = Subscription.objects.filter(
        pk=subscription.pk, confirmation_sent_at=None, confirmed_at=None
    )
    if subscriber.refused_at is not None or subscriber.confirmation_sent_at is None:
        return None
    if not never_emailed.exists():
        return None
    day_began = subscriber.confirmations_counted_from
    day_is_full = subscriber.confirmations_counted >= settings.CONFIRMATION_EMAILS_PER_DAY
    if day_began is not None and day_began > timezone.now() - CONFIRMATIONS_DAY and day_is_full:
        return None
    return subscriber.confirmation_sent_at + settings.CONFIRMATION_EMAIL_INTERVAL


def reader_language(language: str | None) -> str:
    """`language` as one of settings.LANGUAGES' codes; English when none or unknown."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def confirm(subscription: Subscription, language: str | None = None) -> None:
    """Confirm the follow, and the address if this is its first. The address's emails
    are then in `language` (the confirm page's), or else in the language of the page
    the follow was asked from: only the address's owner opens the confirmation link."""
    now = timezone.now()
    language = reader_language(language or subscription.language)
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscription.subscriber_id).update(language=language)
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        Subscriber.objects.filter(pk=subscription.subscriber_id, confirmed_at__isnull=True).update(
            confirmed_at=now
        )


def set_language(subscriber: Subscriber, language: str) -> bool:
    """Send the address's emails in `language` from now on (the manage page's choice).
    False, and nothing changed, for a language the site does not have."""
    if language not in dict(settings.LANGUAGES):
        return False
    Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
    subscriber.language = language
    return True


def stop(subscriber: Subscriber, subscription_id: int) -> bool:
    """Stop one follow of this subscriber's; nothing if it is not theirs."""
    return subscriber.subscriptions.filter(pk=subscription_id).delete()[0] > 0


def stop_all(subscriber: Subscriber) -> None:
    subscriber.subscriptions.all().delete()


def forget(subscriber: Subscriber) -> None:
    """Delete the address and everything tied to it: its follows and deliveries."""
    subscriber.delete()


def delete_unconfirmed(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete addresses, and follows, left unconfirmed longer than UNCONFIRMED_KEPT_FOR.
    Returns (addresses deleted, follows deleted), the follows of those addresses included."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT_FOR
    label = Subscription._meta.label
    with transaction.atomic():
        # Deleting an address deletes its follows first (the cascade): both counts
        # come from what each delete() reports it removed.
        _, by_model = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
        _, follows = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return by_model.get(Subscriber._meta.label, 0), by_model.get(label, 0) + follows.get(label, 0)


def allow_mail_again(subscribers: QuerySet[Subscriber]) -> int:
    """Clear the mail server's refusal of `subscribers` (a queryset), after an editor
    checked the addresses: updates reach them again. Returns how many were refused."""
    return subscribers.exclude(refused_at=None).update(refused_at=None, refusal="")
