"""Browser fixtures for the end-to-end tests: a real Chromium driven by Playwright
against pytest-django's live server.

There is no internet here: Playwright uses the system Chromium, never a downloaded one.
"""

import io
import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Short enough that a broken page fails the test instead of hanging the run.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_instance():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """One Chromium for the whole session."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=30_000
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    """Make a fresh browser context (its own cookies and storage); all are closed after the test."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    contexts = []

    def _new_context(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context, with JavaScript on."""
    return new_context().new_page()


@pytest.fixture
def demo_content(transactional_db):
    """The example article, glossary and demo accounts, as `manage.py load_demo` makes them."""
    from django.core.management import call_command
    from django.test import override_settings

    from tests.factories import standard_rating_scales

    # A transactional test before this one flushed what the data migrations made.
    standard_rating_scales()
    # As `make run` does: development mode, so the accounts get the documented passwords.
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
