import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from xrays.checks import throttles_count_across_processes

logger = logging.getLogger("xrays")


def refuse_insecure_key():
    """A site served without DEBUG must have its own SECRET_KEY: it signs sessions,
    CSRF tokens and preview links."""
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for development).")


def warn_if_throttles_count_alone():
    """Say at start-up what `check --deploy` says: throttles counting in each process's
    own memory let a reader through once per worker."""
    for warning in throttles_count_across_processes(None):
        logger.warning("%s %s", warning.msg, warning.hint)
