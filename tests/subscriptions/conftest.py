import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.subscriptions.smtp import SMTPServer


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 at a free port; Django sends to it."""
    server = SMTPServer()
    server.start()
    with override_settings(MAILERS=server.mailers):
        yield server
    server.stop()


@pytest.fixture
def inbox(smtp_server):
    return smtp_server.inbox


def run_worker():
    """Run every task that is due, as `manage.py db_worker --batch` does; none fails."""
    from django_tasks_db.models import DBTaskResult

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


@pytest.fixture
def worker():
    return run_worker
