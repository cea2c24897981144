"""System checks for deployments (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

from xrays.throttle import counts_in_one_process


@checks.register(checks.Tags.caches, deploy=True)
def throttles_count_across_processes(app_configs, **kwargs):
    """With several web processes, a throttle counting in each process's own memory lets
    each reader through once per process: two workers let 60 searches a minute through
    a limit of 30."""
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    if not counts_in_one_process(settings.CACHES.get(alias, {})):
        return []
    return [
        checks.Warning(
            f'The throttles count in the cache "{alias}", which each web process keeps in its own '
            "memory: with more than one worker, every worker lets a reader through the limit again.",
            hint="Set REDIS_URL, or use the default (xrays.throttle.DatabaseCounterCache) for RATELIMIT_USE_CACHE.",
            id="xrays.W001",
        )
    ]
