"""Public forms are throttled per reader; RATELIMIT_ENABLE=0 turns throttles off."""

import pytest
from django.test import RequestFactory, override_settings

from xrays.throttle import client_ip

pytestmark = pytest.mark.django_db


@override_settings(SEARCH_RATE="3/m")
def test_searching_too_fast_gets_a_friendly_wait_page(client):
    for _ in range(3):
        assert client.get("/search/", {"q": "metastasis"}).status_code == 200
    response = client.get("/search/", {"q": "metastasis"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a moment" in response.content.decode()
    # Another reader is not affected.
    assert client.get("/search/", {"q": "x"}, REMOTE_ADDR="10.9.8.7").status_code == 200


@override_settings(SEARCH_RATE="3/m", RATELIMIT_ENABLE=False)
def test_throttles_can_be_turned_off_for_load_tests(client):
    for _ in range(6):
        assert client.get("/search/", {"q": "metastasis"}).status_code == 200


def test_readers_are_counted_by_their_own_address_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # the forged left-most entry is ignored
