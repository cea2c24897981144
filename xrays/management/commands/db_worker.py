"""The task worker: django-tasks-db's `db_worker`, made to survive a database outage.

django-tasks-db's worker exits on the first database error other than a lock. Here the
worker waits instead, with back-off (1 s, 2 s, 4 s … up to a minute), and carries on
when the database answers again. It sends `xrays.signals.worker_ready` when it starts
and after each outage, so apps can enqueue what the outage lost. Same options as
django-tasks-db's command."""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from xrays.signals import worker_ready

logger = logging.getLogger("django_tasks_db")


class ResilientWorker(db_worker.Worker):
    first_wait = 1.0
    longest_wait = 60.0

    def run(self):
        wait = self.first_wait
        while True:
            try:
                worker_ready.send(sender=type(self))
                return super().run()
            except DatabaseError as error:
                if not self.running:
                    return None
                logger.warning("The database is unavailable (%s); trying again in %.0f s.", error, wait)
                close_old_connections()  # drops the broken connections; the next query reconnects
                time.sleep(wait)
                wait = min(wait * 2, self.longest_wait)


class Command(db_worker.Command):
    """django-tasks-db's command with its options and checks, running ResilientWorker.
    Its handle() names its Worker class directly, with no option to choose another, so
    this handle() builds the worker itself from the same options."""

    help = "Run the task worker; it waits out a database outage instead of exiting."

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            **{
                name: options[name]
                for name in ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")
            },
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloader's child process
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
