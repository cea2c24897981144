from django.apps import AppConfig


class XraysConfig(AppConfig):
    name = "xrays"
    verbose_name = "Site"

    def ready(self):
        from xrays import checks  # noqa: F401 - registers the deployment checks
