from django.dispatch import Signal

# Sent by the task worker (manage.py db_worker) when it starts, and again when the
# database answers after an outage: apps enqueue work whose task the outage lost.
worker_ready = Signal()
