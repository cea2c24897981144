from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_key():
    """A site served without DEBUG must have its own SECRET_KEY: it signs sessions,
    CSRF tokens and preview links."""
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for development).")
