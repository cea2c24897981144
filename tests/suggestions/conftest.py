from tests.subscriptions.conftest import inbox, smtp_server, worker  # noqa: F401  (the same real SMTP server)
