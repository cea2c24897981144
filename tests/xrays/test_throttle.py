"""Public forms are throttled per reader; RATELIMIT_ENABLE=0 turns throttles off."""

import threading

import pytest
from django.core import checks
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from xrays.serving import warn_if_throttles_count_alone
from xrays.throttle import client_ip

pytestmark = pytest.mark.django_db


@override_settings(SEARCH_RATE="3/m")
def test_searching_too_fast_gets_a_friendly_wait_page(client):
    for word in ["metastasis", "tumor", "mice"]:
        assert client.get("/search/", {"q": word}).status_code == 200
    response = client.get("/search/", {"q": "cells"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a moment" in response.content.decode()
    # Another reader is not affected.
    assert client.get("/search/", {"q": "x"}, REMOTE_ADDR="10.9.8.7").status_code == 200
    # No cache keeps a search (what someone searched for is theirs): asking again is
    # another search, and counted.
    assert client.get("/search/", {"q": "mice"}).status_code == 429


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


# --- every web process counts towards the same limit ------------------------------------


@override_settings(SEARCH_RATE="3/m")
def test_searches_served_by_different_web_processes_count_towards_one_limit(client, process):
    with process("a"):
        for word in ["metastasis", "tumor"]:
            assert client.get("/search/", {"q": word}).status_code == 200
    with process("b"):
        assert client.get("/search/", {"q": "mice"}).status_code == 200
        assert client.get("/search/", {"q": "cells"}).status_code == 429


def test_two_connections_to_the_throttle_cache_see_one_count():
    first, second = caches.create_connection("throttle"), caches.create_connection("throttle")
    assert first.add("reader:203.0.113.7", 1, 60)
    assert not second.add("reader:203.0.113.7", 1, 60)
    assert second.incr("reader:203.0.113.7") == 2
    assert first.incr("reader:203.0.113.7") == 3
    assert first.get("reader:203.0.113.7") == second.get("reader:203.0.113.7") == 3
    with pytest.raises(ValueError):
        first.incr("reader:198.51.100.1")


@pytest.mark.django_db(transaction=True)
def test_searches_at_the_same_moment_are_each_counted():
    """Readers' requests arrive together; none may slip through uncounted."""
    caches["throttle"].add("reader:203.0.113.7", 0, 60)
    workers, increments = 4, 10
    barrier = threading.Barrier(workers)
    errors = []

    def count():
        from django.db import connection

        try:
            throttle = caches.create_connection("throttle")
            barrier.wait()
            for _ in range(increments):
                throttle.incr("reader:203.0.113.7")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert caches["throttle"].get("reader:203.0.113.7") == workers * increments


# --- deployments are told when the throttles count per process -----------------------------


LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_check_deploy_warns_when_the_throttles_count_in_each_process(settings):
    assert "xrays.W001" not in deploy_check_ids()
    settings.CACHES = {**settings.CACHES, "throttle": LOCAL_MEMORY}
    assert "xrays.W001" in deploy_check_ids()
    settings.RATELIMIT_USE_CACHE = "default"  # a local-memory cache in the tests
    assert "xrays.W001" in deploy_check_ids()


def test_serving_says_at_start_up_when_the_throttles_count_in_each_process(settings, caplog):
    warn_if_throttles_count_alone()
    assert caplog.records == []
    settings.CACHES = {**settings.CACHES, "throttle": LOCAL_MEMORY}
    warn_if_throttles_count_alone()
    assert "each web process keeps in its own memory" in caplog.text


def deploy_check_ids():
    return {message.id for message in checks.run_checks(include_deployment_checks=True)}
