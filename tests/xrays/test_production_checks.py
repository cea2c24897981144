"""Production settings pass Django's deployment checks, and every page carries the
site-wide security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.xrays.test_settings import settings_from

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SITE_URL": "https://xrays.example.org",
    "ALLOWED_HOSTS": "xrays.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def test_check_deploy_passes_at_warning_level_under_production_settings(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        # As a production server's environment would be: without what the tests set
        # (the browser tests allow Django's async-unsafe calls, for instance).
        if key
        not in {
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
        }
    }
    environment.update(
        PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_over_https_cookies_are_host_only_and_hsts_covers_subdomains(monkeypatch):
    settings = settings_from(monkeypatch, **PRODUCTION)
    assert settings["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert settings["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and settings["SECURE_HSTS_PRELOAD"]
    settings = settings_from(monkeypatch, **PRODUCTION, SECURE_HSTS_PRELOAD="0")
    assert not settings["SECURE_HSTS_PRELOAD"]
    plain = settings_from(monkeypatch)
    assert "SESSION_COOKIE_NAME" not in plain  # Django's default, over plain HTTP


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/glossary/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_every_page_says_which_browser_features_it_never_uses(client, url):
    response = client.get(url)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
