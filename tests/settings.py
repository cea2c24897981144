"""Settings for the test suite: the real settings, with a key, plain static files
(no manifest to build), a fast password hasher and mail kept in memory. Tasks go
to the real database backend; tests that need them run run the worker."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from xrays.settings import *  # noqa: E402,F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A database file, as in production, rather than SQLite's shared in-memory
    # database, whose table locks fail at once where a file's locks wait their turn
    # (tests of concurrent editors and of the browser against a live server need that).
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"xrays-test-{os.getpid()}.sqlite3")
    }

# An app of the tests' own, to prove that apps extend the article page, the roles and
# the demo without editing `articles` (tests/extension_app).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]  # noqa: F405
