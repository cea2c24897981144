"""The reader who left an address gets exactly one email about their suggestion, when
it is accepted or declined, in the language of the form they used, from the task
worker, through a real SMTP server (aiosmtpd); its one-click link erases the address
from all their suggestions."""

import pytest
from django.test import Client

from suggestions import services, tokens
from suggestions.models import Suggestion
from suggestions.tasks import send_decision_email
from tests.subscriptions.smtp import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

READER = "reader@example.org"
STORY = "https://www.statnews.com/2026/11/30/new-blood-test-breast-cancer/"


def suggested(email=READER, language="en", link=STORY):
    return services.receive_suggestion(link=link, why="It matters to me.", email=email, language=language)


@pytest.fixture
def staff(db):
    from tests import factories

    return factories.editor(username="editor")


def test_an_accepted_suggestion_sends_its_reader_one_email_with_one_click_unsubscribe(
    staff, inbox, worker, settings
):
    settings.SITE_URL = "https://xrays.example"
    suggestion = suggested()
    services.accept_suggestion(suggestion, by=staff)
    worker()
    (message,) = inbox.to(READER)
    assert message["Subject"] == "Your news story suggestion: we will review it"
    assert message["Content-Language"] == "en"
    assert STORY in text_of(message) and "chosen it for a review" in text_of(message)
    assert "chosen it for a review" in html_of(message)
    unsubscribe = link_in(message, "/suggest/unsubscribe/")
    assert unsubscribe.startswith("https://xrays.example/suggest/unsubscribe/")
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    suggestion.refresh_from_db()
    assert suggestion.email_status == Suggestion.EmailStatus.SENT and suggestion.email_sent_at


def test_a_declined_suggestion_sends_the_editors_note_in_the_readers_language(staff, inbox, worker):
    suggestion = suggested(language="es")
    services.decline_suggestion(suggestion, by=staff, note="Ya revisamos un estudio parecido.")
    worker()
    (message,) = inbox.to(READER)
    assert message["Content-Language"] == "es"
    assert "Ya revisamos un estudio parecido." in text_of(message)
    assert "/es/suggest/unsubscribe/" in link_in(message, "/suggest/unsubscribe/")


def test_exactly_one_email_however_often_the_task_runs(staff, inbox, worker):
    suggestion = suggested()
    services.decline_suggestion(suggestion, by=staff)
    send_decision_email.enqueue(suggestion.pk)  # enqueued again, by mistake or a retry
    worker()
    assert send_decision_email.call(suggestion.pk) == "nothing to send"
    assert len(inbox.to(READER)) == 1


def test_no_address_no_email_and_marking_a_duplicate_sends_none(staff, inbox, worker):
    services.decline_suggestion(suggested(email=""), by=staff)
    first = suggested(email="other@example.org", link="https://example.org/a")
    again = suggested(email=READER, link="https://example.org/a/")
    services.mark_duplicate(again, by=staff)
    worker()
    assert inbox.messages == []
    assert first.email_status == Suggestion.EmailStatus.NONE


def test_a_temporary_refusal_is_retried_later_and_recorded_for_the_editors(staff, inbox, worker):
    inbox.refuse[READER] = "451 4.3.0 try again later"
    suggestion = suggested()
    services.accept_suggestion(suggestion, by=staff)
    worker()
    suggestion.refresh_from_db()
    assert suggestion.email_status == Suggestion.EmailStatus.DUE
    assert "451" in suggestion.email_error and "try again" in suggestion.email_error
    from django_tasks_db.models import DBTaskResult

    retry = DBTaskResult.objects.get(task_path=send_decision_email.module_path, status="READY")
    assert retry.run_after is not None and retry.args_kwargs["kwargs"] == {"attempt": 1}
    del inbox.refuse[READER]
    assert send_decision_email.call(suggestion.pk, attempt=1) == "sent"
    assert len(inbox.to(READER)) == 1
    suggestion.refresh_from_db()
    assert suggestion.email_status == Suggestion.EmailStatus.SENT and suggestion.email_error == ""


def test_a_permanent_refusal_fails_and_says_why(staff, inbox, worker):
    inbox.refuse[READER] = "550 5.1.1 no such user"
    suggestion = suggested()
    services.decline_suggestion(suggestion, by=staff)
    worker()
    suggestion.refresh_from_db()
    assert suggestion.email_status == Suggestion.EmailStatus.FAILED and "5.1.1" in suggestion.email_error
    assert inbox.messages == []


def test_the_unsubscribe_link_asks_first_then_erases_the_address_from_every_suggestion(staff, inbox):
    first = suggested()
    second = suggested(link="https://example.org/second", email="READER@example.org".lower())
    other = suggested(email="other@example.org", link="https://example.org/third")
    path = f"/suggest/unsubscribe/{tokens.unsubscribe_token(first)}/"
    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and b"Erase my address" in page.content
    assert client.head(path).status_code == 200
    first.refresh_from_db()
    assert first.email == READER  # opening the link erased nothing

    # A mail program's one-click POST (RFC 8058), with no CSRF token.
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and b"Address erased" in response.content
    for suggestion in (first, second):
        suggestion.refresh_from_db()
        assert suggestion.email == ""
    other.refresh_from_db()
    assert other.email == "other@example.org"

    # Decided after that: nothing is sent.
    services.decline_suggestion(second, by=staff)
    second.refresh_from_db()
    assert second.email_status == Suggestion.EmailStatus.NONE


def test_an_address_erased_before_its_email_went_out_gets_none(staff, inbox, worker):
    suggestion = suggested()
    services.decline_suggestion(suggestion, by=staff)
    services.forget_address(suggestion)
    worker()
    assert inbox.messages == []
    suggestion.refresh_from_db()
    assert suggestion.email_status == Suggestion.EmailStatus.NOT_SENT


@pytest.mark.parametrize("token", ["not-a-token", "a" * 3000, "%C3%A9"])
def test_a_broken_unsubscribe_link_gets_a_clear_page(db, token):
    response = Client().get(f"/suggest/unsubscribe/{token}/")
    assert response.status_code == 404 and b"This link does not work" in response.content
    assert Client().post(f"/suggest/unsubscribe/{token}/").status_code == 200
