"""Signed links in emails. Each names one subscriber (and its key, so a link outlives
neither a deleted address nor a re-created one); a confirmation link also names the
follow it confirms and expires."""

import datetime

from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
# A confirmation link works as long as the unconfirmed address is kept.
CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def confirmation_token(subscription):
    return signing.dumps(
        {"s": subscription.subscriber_id, "k": subscription.subscriber.key, "f": subscription.pk},
        salt=CONFIRM_SALT,
        compress=True,
    )


def manage_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=MANAGE_SALT, compress=True)


def unsubscribe_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=UNSUBSCRIBE_SALT, compress=True)


def read(token, salt, max_age=None):
    """The payload of `token`; LinkExpired or LinkInvalid when it cannot be used."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise LinkInvalid
    return payload


def subscriber_for(token, salt, max_age=None):
    """The subscriber the token names and the payload; LinkInvalid if it no longer exists."""
    from subscriptions.models import Subscriber

    payload = read(token, salt, max_age)
    subscriber = Subscriber.objects.filter(pk=payload["s"], key=payload.get("k")).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber, payload
