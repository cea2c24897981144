import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xrays.settings")
application = get_asgi_application()

from xrays.serving import refuse_insecure_key, warn_if_throttles_count_alone  # noqa: E402 - needs the settings loaded

refuse_insecure_key()
warn_if_throttles_count_alone()
