"""The signed link in the decision email that erases the reader's address. It names
one suggestion and its key, so it outlives neither the suggestion nor a changed key;
the signature is checked with subscriptions' reader (the same errors and rules)."""

from django.core import signing

from subscriptions.tokens import LinkInvalid, read
from suggestions.models import Suggestion

UNSUBSCRIBE_SALT = "suggestions.unsubscribe"


def unsubscribe_token(suggestion: Suggestion) -> str:
    return signing.dumps({"s": suggestion.pk, "k": suggestion.key}, salt=UNSUBSCRIBE_SALT, compress=True)


def suggestion_for(token: str) -> Suggestion:
    """The suggestion `token` names; LinkExpired or LinkInvalid when it cannot be used."""
    payload = read(token, UNSUBSCRIBE_SALT)
    suggestion = Suggestion.objects.filter(pk=payload["s"], key=payload.get("k")).first()
    if suggestion is None:
        raise LinkInvalid
    return suggestion
