import pytest

# The same real SMTP server (aiosmtpd) and worker as the subscription tests.
from tests.subscriptions.conftest import inbox, smtp_server, worker  # noqa: F401


@pytest.fixture
def quiet_inbox(inbox, worker):  # noqa: F811
    """The server's inbox once what the set-up sent (review requests to reviewers) is out."""

    def emptied():
        worker()
        inbox.clear()
        return inbox

    return emptied
