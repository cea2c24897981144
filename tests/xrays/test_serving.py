import pytest
from django.core.exceptions import ImproperlyConfigured

from xrays.serving import refuse_insecure_key


def test_the_site_is_not_served_without_its_own_secret_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    with pytest.raises(ImproperlyConfigured, match="Set SECRET_KEY"):
        refuse_insecure_key()
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    refuse_insecure_key()
    settings.DEBUG, settings.SECRET_KEY_FROM_ENVIRONMENT = True, False
    refuse_insecure_key()  # development
