"""Following, confirming and stopping: the one way each is done, whoever asks (the
public pages, the admin, the tests)."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article
from audiences.models import Audience
from subscriptions.models import Subscriber, Subscription
from subscriptions.tokens import CONFIRMATION_MAX_AGE

# How long an address, or a follow, that nobody confirmed is kept.
UNCONFIRMED_KEPT_FOR = CONFIRMATION_MAX_AGE


def normalize_email(email: str) -> str:
    return email.strip().lower()


def follow(
    email: str,
    *,
    article: Article | None = None,
    audience: Audience | None = None,
    frequency: str = Subscription.Frequency.EACH,
) -> Subscription:
    """Record that `email` wishes to follow the article, the audience, or (neither) the
    whole site, and send it a confirmation email. The same steps run whether or not the
    address is known or already follows this; only the email differs, and only the
    address's owner reads it."""
    from subscriptions.tasks import send_confirmation

    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=normalize_email(email))
        if article is not None:
            frequency = Subscription.Frequency.EACH  # a page's updates come one by one
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber, article=article, audience=audience, defaults={"frequency": frequency}
        )
        # Asking again restarts the time an unconfirmed address or follow is kept.
        if not subscriber.is_confirmed:
            Subscriber.objects.filter(pk=subscriber.pk).update(created_at=now)
        if not subscription.is_confirmed:
            # The choice made last is the one confirmed; a confirmed follow is changed
            # only from its manage page.
            Subscription.objects.filter(pk=subscription.pk).update(created_at=now, frequency=frequency)
            subscription.frequency = frequency
        transaction.on_commit(lambda: send_confirmation.enqueue(subscription.pk))
    return subscription


def confirm(subscription: Subscription) -> None:
    """Confirm the follow, and the address if this is its first."""
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        Subscriber.objects.filter(pk=subscription.subscriber_id, confirmed_at__isnull=True).update(
            confirmed_at=now
        )


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
    Returns (addresses deleted, follows deleted)."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT_FOR
    with transaction.atomic():
        follows = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        addresses = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        addresses_deleted = addresses.count()
        addresses.delete()
        follows_deleted = follows.delete()[1].get(Subscription._meta.label, 0)
    return addresses_deleted, follows_deleted


def allow_mail_again(subscribers: QuerySet[Subscriber]) -> int:
    """Clear the mail server's refusal of `subscribers` (a queryset), after an editor
    checked the addresses: updates reach them again. Returns how many were refused."""
    return subscribers.exclude(refused_at=None).update(refused_at=None, refusal="")
