"""The task worker: django-tasks-db's `db_worker`, made to survive a database outage.

django-tasks-db's worker exits on the first database error other than a lock. Here the
worker waits instead, with back-off (1 s, 2 s, 4 s … up to a minute), and carries on
when the database answers again. It sends `xrays.signals.worker_ready` when it starts
and after each outage, so apps can enqueue what the outage lost. Same options as
django-tasks-db's command."""

import logging
import time

from django.db import DatabaseError, close_old_connections
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
    help = "Run the task worker; it waits out a database outage instead of exiting."

    def handle(self, *args, **options):
        # django-tasks-db's handle() builds its Worker by name; lend it ours for the run
        # rather than copying its option handling.
        original, db_worker.Worker = db_worker.Worker, ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
