from django.apps import AppConfig


class XraysConfig(AppConfig):
    name = "xrays"
    verbose_name = "Site"
