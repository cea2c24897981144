"""The manage and unsubscribe links in update emails are built once per notice and
filled with each reader's token: they must be exactly what reverse() gives."""

import pytest
from django.urls import reverse

from subscriptions import tokens
from subscriptions.emails import absolute, token_address
from subscriptions.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["subscriptions:manage", "subscriptions:unsubscribe"])
def test_a_filled_address_is_the_reversed_one(name, settings):
    settings.SITE_URL = "https://xrays.example.org"
    address = token_address(name)
    for n in range(50):
        subscriber = Subscriber.objects.create(email=f"reader{n}@example.org")
        for token in (tokens.manage_token(subscriber), tokens.unsubscribe_token(subscriber)):
            assert address(token) == absolute(reverse(name, args=[token]))
