"""The admin log-in pauses after repeated wrong passwords, for the account and for the
client that tried them (django-axes), says for how long and whom to ask, and an
administrator can unlock at once."""

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

ATTACKER, COLLEAGUE = "203.0.113.7", "198.51.100.20"


def log_in(client, username, password, ip):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client, ip):
    return client.get("/admin/", REMOTE_ADDR=ip).status_code == 200


@pytest.fixture
def accounts(db):
    factories.editor(username="editor", password="right-password")
    factories.author(username="author", password="author-password")
    factories.UserFactory(username="admin", password="admin-password", is_superuser=True)


@pytest.fixture
def locked_out(client, accounts, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for attempt in range(4):
        response = log_in(client, "editor", f"guess-{attempt}", ATTACKER)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    response = log_in(client, "editor", "guess-4", ATTACKER)
    assert response.status_code == 429
    return response


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, locked_out):
    response = log_in(client, "editor", "right-password", ATTACKER)
    assert response.status_code == 429
    assert "Log-in paused" in response.text
    assert not logged_in(client, ATTACKER)


def test_the_paused_log_in_says_for_how_long_and_whom_to_ask(client, locked_out):
    assert "paused for 15 minutes" in locked_out.text
    assert "ask a site administrator" in locked_out.text
    assert locked_out["Retry-After"] == "900"


def test_the_account_is_paused_from_every_client(client, locked_out):
    assert log_in(client, "editor", "right-password", COLLEAGUE).status_code == 429


def test_the_client_is_paused_for_every_account(client, locked_out):
    assert log_in(client, "author", "author-password", ATTACKER).status_code == 429


def test_other_accounts_from_other_clients_still_log_in(client, locked_out):
    assert log_in(client, "author", "author-password", COLLEAGUE).status_code == 302
    assert logged_in(client, COLLEAGUE)


def test_the_unlock_command_lets_the_account_log_in_again(client, locked_out):
    call_command("axes_reset_username", "editor")
    assert log_in(client, "editor", "right-password", ATTACKER).status_code == 302
    assert logged_in(client, ATTACKER)


@pytest.mark.parametrize("unlocker", ["admin", "another-editor"])
def test_an_editor_or_administrator_unlocks_from_the_access_attempts_page(client, locked_out, unlocker):
    factories.editor(username="another-editor", password="admin-password")
    admin_client = client.__class__()
    assert log_in(admin_client, unlocker, "admin-password", COLLEAGUE).status_code == 302
    page = admin_client.get("/admin/axes/accessattempt/", REMOTE_ADDR=COLLEAGUE)
    assert page.status_code == 200
    assert "editor" in page.text
    from axes.models import AccessAttempt

    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
        REMOTE_ADDR=COLLEAGUE,
    )
    assert response.status_code == 302
    assert log_in(client, "editor", "right-password", ATTACKER).status_code == 302


def test_a_successful_log_in_clears_earlier_mistakes(client, accounts):
    for attempt in range(4):
        log_in(client, "editor", f"typo-{attempt}", ATTACKER)
    assert log_in(client, "editor", "right-password", ATTACKER).status_code == 302
    client.logout()
    for attempt in range(4):
        assert log_in(client, "editor", f"typo-{attempt}", ATTACKER).status_code == 200
