"""Settings read from the environment, evaluated as a fresh process would."""

import runpy
from pathlib import Path

import pytest
from django.test import override_settings

import xrays.settings

SETTINGS_FILE = Path(xrays.settings.__file__)


def settings_from(monkeypatch, **environment):
    for name in ("SITE_URL", "TRUSTED_PROXIES", "SECURE_SSL_REDIRECT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.mark.parametrize(
    ("environment", "trusted"),
    [
        ({"SITE_URL": "https://xrays.example.org"}, False),
        ({"SITE_URL": "https://xrays.example.org", "TRUSTED_PROXIES": "0"}, False),
        ({"SITE_URL": "https://xrays.example.org", "TRUSTED_PROXIES": "1"}, True),
        ({"SITE_URL": "http://127.0.0.1:8000", "TRUSTED_PROXIES": "2"}, True),
        ({}, False),
    ],
)
def test_x_forwarded_proto_is_believed_only_behind_a_declared_proxy(monkeypatch, environment, trusted):
    settings = settings_from(monkeypatch, **environment)
    assert (settings.get("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")) is trusted


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "status"), [("0", 301), ("1", 200)])
def test_a_forged_https_header_does_not_pass_the_https_redirect(client, monkeypatch, proxies, status):
    settings = settings_from(monkeypatch, SITE_URL="https://testserver", TRUSTED_PROXIES=proxies)
    with override_settings(
        SECURE_SSL_REDIRECT=settings["SECURE_SSL_REDIRECT"],
        SECURE_PROXY_SSL_HEADER=settings.get("SECURE_PROXY_SSL_HEADER"),
    ):
        response = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == status
