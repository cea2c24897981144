"""XRAYS settings. Every deploy-specific value comes from the environment (see docs/operations.md, § Settings)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_flag("DEBUG", False)

# Management commands (check, migrate, makemigrations) run with a development key when
# none is set; serving the site without DEBUG refuses to start without one (see
# xrays/wsgi.py), so no production server ever signs with this key.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.contrib.postgres",
    # django-taggit is used for its TaggableManager and base classes only: audiences are
    # tags of XRAYS' own models (audiences.Audience and the articles' through models),
    # so taggit's own Tag and TaggedItem tables and admin page would stay empty and
    # unused. Its models name their app explicitly and load without it.
    "adminsortable2",
    "django_prose_editor",
    # Before django_tasks_db, so that its db_worker command is xrays' resilient one.
    "xrays",
    "django_tasks_db",
    "references",
    "audiences",
    "glossary",
    "articles",
    "subscriptions",
    "surveys",
    "suggestions",
    "volunteers",
]

MIDDLEWARE = [
    # First: one JSON log line per request, timed over everything below (xrays/request_log.py).
    "xrays.request_log.RequestLogMiddleware",
    # Pages as they left the site last time, headers and all (xrays/page_cache.py).
    "xrays.page_cache.FinishedPageCacheMiddleware",
    # Pages compressed once, then kept compressed by the finished-page cache and nginx:
    # a fifth of the bytes to write and encrypt. Kept pages hold no secret; pages with a
    # form have Django's masked CSRF token, and this middleware pads each response with
    # random bytes (Django's mitigation of BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "xrays.csp.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a parameter: NUL and other control characters get a 400.
    "xrays.request_checks.RefuseControlCharactersMiddleware",
    # Pages served from the page cache get every header added by the middleware above.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous readers' kept pages are served from here, before sessions and the rest.
    "xrays.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's: /es/… is Spanish, every other address English
    # (LocaleMiddleware, without its Vary: Accept-Language: xrays/languages.py).
    "xrays.languages.LanguageFromAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "xrays.urls"
WSGI_APPLICATION = "xrays.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xrays.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": every transaction takes
    # SQLite's write lock when it begins (what select_for_update's row locks do on
    # PostgreSQL), waits up to 20 s for it, and readers carry on beside it (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
        **DATABASES["default"].get("OPTIONS", {}),  # options given in DATABASE_URL win
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Lets several sites (or test runs) share one Redis without sharing keys.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    # Each process keeps its own (derived content: glossary, site texts, generations);
    # pages have a cache of their own ("pages", below). Set REDIS_URL to share one.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Whole public pages are cached for anonymous readers (xrays/page_cache.py), under keys
# that change with the content, so never stale. A CDN or nginx in front may keep them
# PUBLIC_CACHE_SECONDS, then must check them again against their ETag: short, so that a
# withdrawal reaches readers behind nginx within 5 s (docs/operations.md, nginx); the
# site's own cache drops a page unused for PAGE_CACHE_SECONDS.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "1"))
PAGE_CACHE_SECONDS = 24 * 60 * 60
# Pages have a cache alias of their own, so that however many pages are kept they never
# push out the throttle counts or anything else: by default each process's memory, at
# most PAGE_CACHE_MAX_ENTRIES pages (tens of kilobytes each); PAGE_CACHE_URL names a
# Redis of their own instead (not the one in REDIS_URL, whose memory they would share
# with the throttle counts), shared by every process, under its own key prefix.
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))
if os.environ.get("PAGE_CACHE_URL"):
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["PAGE_CACHE_URL"],
        "KEY_PREFIX": ":".join(filter(None, [os.environ.get("CACHE_KEY_PREFIX", ""), "pages"])),
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
    }
# The content generations that page keys include are read from the database at most
# once every GENERATIONS_MAX_AGE seconds, so that a page from the cache costs no query:
# a change made through one process reaches the others' pages within that time
# (xrays/generations.py).
GENERATIONS_MAX_AGE = float(os.environ.get("GENERATIONS_MAX_AGE", "1"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the source language: every article is written in it first, and English
# pages keep their addresses without a prefix. Spanish pages live under /es/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic puts the files WhiteNoise serves (or nginx, if it serves them).
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: SMTP when EMAIL_HOST is set; otherwise printed to the console (development).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "XRAYS <xrays@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_flag("EMAIL_USE_TLS", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# How many members of the Scientific Advisory Board must approve the exact content
# of an article (or of a change to it) before it can be published.
XRAYS_REQUIRED_APPROVALS = int(os.environ.get("REQUIRED_APPROVALS", "1"))

# The Scientific Advisory Board checks each published article again this many months
# after its last review (an article's own interval in the admin overrides it), and the
# review queue and the editors' weekly reminder list reviews due within so many days.
XRAYS_REVIEW_INTERVAL_MONTHS = int(os.environ.get("REVIEW_INTERVAL_MONTHS", "24"))
XRAYS_REVIEW_DUE_SOON_DAYS = int(os.environ.get("REVIEW_DUE_SOON_DAYS", "30"))

# The reading grade (Flesch-Kincaid) above which the admin warns editors, without
# blocking anything: the NIH advise writing patient material at grade 8 or below.
READING_GRADE_TARGET = float(os.environ.get("READING_GRADE_TARGET", "8"))

# Public forms are throttled (django-ratelimit). The counts live in a cache every web
# process shares, so a limit holds however many workers run: Redis when REDIS_URL is
# set, otherwise a table made by `migrate` (xrays.throttle.DatabaseCounterCache).
# `check --deploy` warns if RATELIMIT_USE_CACHE names a process-local cache.
# django_ratelimit is not in INSTALLED_APPS: its only use there is a system check that
# knows neither cache. RATELIMIT_ENABLE=0 turns the throttles off, for load tests only.
RATELIMIT_USE_CACHE = "throttle"
CACHES["throttle"] = (
    CACHES["default"]
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "xrays.throttle.DatabaseCounterCache",
        "LOCATION": "xrays_throttle_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},  # counts expire within the hour; culling would forget some
    }
)
RATELIMIT_ENABLE = env_flag("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "xrays.throttle.throttled"
RATELIMIT_IP_META_KEY = "xrays.throttle.client_ip"
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
SEARCH_RATE = os.environ.get("SEARCH_RATE", "30/m")
SUBSCRIBE_RATE = os.environ.get("SUBSCRIBE_RATE", "5/m")
SURVEY_RATE = os.environ.get("SURVEY_RATE", "10/m")
# Story suggestions: per client address, and per email address whatever the client.
SUGGESTION_RATE = os.environ.get("SUGGESTION_RATE", "5/m")
SUGGESTION_EMAIL_RATE = os.environ.get("SUGGESTION_EMAIL_RATE", "3/h")
# The volunteer reviewers' form: offers per client, and offers per email address however
# many clients send them; choosing a new reviewer's password, tries per client.
VOLUNTEER_RATE = os.environ.get("VOLUNTEER_RATE", "5/m")
VOLUNTEER_ADDRESS_RATE = os.environ.get("VOLUNTEER_ADDRESS_RATE", "3/h")
SET_PASSWORD_RATE = os.environ.get("SET_PASSWORD_RATE", "10/m")

# Confirmation emails (and "you already follow this") one address may get, however
# often, and from however many clients, it is typed into the follow form: one per
# CONFIRMATION_EMAIL_INTERVAL, CONFIRMATION_EMAILS_PER_DAY a day. Counted in the
# database by the worker (subscriptions/follow.py, may_send_confirmation).
CONFIRMATION_EMAIL_INTERVAL = datetime.timedelta(
    minutes=int(os.environ.get("CONFIRMATION_EMAIL_MINUTES", "10"))
)
CONFIRMATION_EMAILS_PER_DAY = int(os.environ.get("CONFIRMATION_EMAILS_PER_DAY", "5"))

# Log-in throttle (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# account, or from one client address (as xrays.throttle.client_ip counts it), log-ins
# stop for LOGIN_COOLOFF_MINUTES, even with the right password. Attempts are kept in the
# database, so every web process sees them. docs/operations.md says how to unlock.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes asks
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every management command
AXES_CLIENT_IP_CALLABLE = "xrays.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "xrays.throttle.login_locked_out"

# Security headers. Public pages carry no inline script or style, so the policy is strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# A health site uses no camera, microphone, location, payment or ad-interest features:
# say so, so that nothing embedded could ask for them (django-permissions-policy).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# X-Forwarded-Proto says whether the reader's connection was HTTPS. Anyone can send it,
# so it is believed only from a reverse proxy the operator declared (TRUSTED_PROXIES),
# which sets it on every request.
if TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if SITE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure,
    # for this host only and the whole site: no subdomain can plant or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # On for a site with its own domain; turn off if a subdomain still serves plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

TAGGIT_CASE_INSENSITIVE = True

# Every log line is one JSON object (python-json-logger), for log collectors: the
# request log (xrays/request_log.py, one line per request), warnings and errors alike.
# No line names the reader: no address, no user, no query string, no token.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # gunicorn's own lines share it (gunicorn.conf.py).
        "json": {"()": "xrays.log_format.json_formatter"}
    },
    "filters": {"redact_request_paths": {"()": "xrays.request_log.RedactRequestPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact_request_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own handlers (plain text, in DEBUG) would print its lines a second time.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
