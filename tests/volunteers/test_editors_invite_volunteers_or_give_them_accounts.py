"""Editors' two steps on a volunteer's offer: invite them as an outside reviewer of one
article (a signed preview link, emailed), or create a reviewer account (a
set-your-password link, emailed). A step is taken once and recorded. Mail goes through
a real SMTP server (aiosmtpd) and the real task worker."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from articles import workflow
from articles.models import PreviewLink, WorkflowEvent
from tests import factories
from tests.subscriptions.smtp import text_of
from tests.volunteers.offering import ADDRESS, a_draft_in_review, an_offer, links_in, logged_in, path_of
from volunteers import offers
from volunteers.models import VolunteerOffer
from xrays import roles

# --- inviting as an outside reviewer ------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_invited_volunteer_gets_one_email_whose_link_shows_the_draft(quiet_inbox, worker):
    editor = factories.editor(username="editor")
    offer = an_offer()
    draft = a_draft_in_review()
    inbox = quiet_inbox()
    client = logged_in(editor)

    page = client.get(f"/admin/volunteers/volunteeroffer/{offer.pk}/change/")
    assert b"Invite as outside reviewer of an article" in page.content
    assert (
        b"A draft about early spread (In review)"
        in client.get(f"/admin/volunteers/volunteeroffer/{offer.pk}/invite/").content
    )
    response = client.post(
        f"/admin/volunteers/volunteeroffer/{offer.pk}/invite/",
        {"article": draft.pk, "days": "7"},
        follow=True,
    )
    assert b"is invited to review" in response.content

    link = PreviewLink.objects.get()
    assert link.article == draft and link.recipient == f"Ana Ruiz <{ADDRESS}>"
    assert draft.events.filter(action=WorkflowEvent.Action.PREVIEW_SHARED, actor=editor).exists()
    offer.refresh_from_db()
    assert (offer.status, offer.preview_link, offer.email_status) == ("invited", link, "queued")

    worker()
    worker()  # run again: nothing is sent twice

    assert len(inbox.to(ADDRESS)) == 1
    assert len(inbox.messages) == 1
    email = inbox.to(ADDRESS)[0]
    assert "A draft about early spread" in email["Subject"]
    assert email["Content-Language"] == "en"
    assert email["Reply-To"] == editor.email  # their comments reach the editor who asked
    preview = [url for url in links_in(text_of(email)) if "/preview/" in url]
    assert len(preview) == 1
    shown = Client().get(path_of(preview[0]))
    assert shown.status_code == 200
    assert b"Body text 0 about metastasis." in shown.content
    offer.refresh_from_db()
    assert offer.email_status == "sent" and offer.email_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_volunteer_who_offered_in_spanish_is_invited_in_spanish(quiet_inbox, worker):
    editor = factories.editor(username="editor")
    offer = an_offer(language="es")
    draft = a_draft_in_review()
    inbox = quiet_inbox()

    offers.invite_as_outside_reviewer(
        offer, by=editor, article=draft, expires_at=draft.created_at.replace(year=draft.created_at.year + 1)
    )
    worker()

    (email,) = inbox.to(ADDRESS)
    assert email["Content-Language"] == "es"
    assert "/es/preview/" in text_of(email)


@pytest.mark.django_db
def test_an_offer_is_handled_once_and_a_repeat_is_refused_saying_so(editor):
    offer = an_offer()
    draft = a_draft_in_review()
    expires = draft.created_at.replace(year=draft.created_at.year + 1)
    offers.invite_as_outside_reviewer(offer, by=editor, article=draft, expires_at=expires)

    with pytest.raises(ValidationError, match="already handled: invited"):
        offers.invite_as_outside_reviewer(offer, by=editor, article=draft, expires_at=expires)
    with pytest.raises(ValidationError, match="already handled"):
        offers.decline_offer(offer, by=editor)
    response = logged_in(editor).post(
        f"/admin/volunteers/volunteeroffer/{offer.pk}/invite/",
        {"article": draft.pk, "days": "7"},
        follow=True,
    )
    assert b"already handled" in response.content
    assert PreviewLink.objects.count() == 1


@pytest.mark.django_db
def test_a_link_that_has_already_expired_is_refused(editor):
    offer = an_offer()
    draft = a_draft_in_review()
    with pytest.raises(ValidationError, match="future"):
        offers.invite_as_outside_reviewer(
            offer, by=editor, article=draft, expires_at=draft.created_at.replace(year=2000)
        )
    assert not PreviewLink.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_saying_try_later_delays_the_invitation_which_then_goes_once(quiet_inbox, worker):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    editor = factories.editor(username="editor")
    offer = an_offer()
    draft = a_draft_in_review()
    inbox = quiet_inbox()
    inbox.refuse[ADDRESS] = "451 4.3.0 Try again later"
    offers.invite_as_outside_reviewer(
        offer, by=editor, article=draft, expires_at=timezone.now().replace(year=timezone.now().year + 1)
    )
    worker()
    offer.refresh_from_db()
    assert offer.email_status == "queued" and "451" in offer.email_error
    assert not inbox.to(ADDRESS)

    del inbox.refuse[ADDRESS]
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    worker()

    assert len(inbox.to(ADDRESS)) == 1
    offer.refresh_from_db()
    assert offer.email_status == "sent"


@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_sent_once_when_a_second_run_starts_while_the_first_is_sending(
    quiet_inbox, worker, monkeypatch
):
    from django.utils import timezone

    from volunteers import emails, tasks

    editor = factories.editor(username="editor")
    offer = an_offer()
    inbox = quiet_inbox()
    make_message = emails.message_for
    second_run = []

    def while_making_the_message(offer_being_sent):
        # Another worker runs the same task now, between the first run's look at the
        # offer and its email going out.
        if not second_run:
            second_run.append(tasks.send_offer_email.call(offer_being_sent.pk))
        return make_message(offer_being_sent)

    monkeypatch.setattr(emails, "message_for", while_making_the_message)
    offers.invite_as_outside_reviewer(
        offer,
        by=editor,
        article=a_draft_in_review(),
        expires_at=timezone.now().replace(year=timezone.now().year + 1),
    )
    worker()

    assert second_run == ["nothing to send (sending)"]
    assert len(inbox.to(ADDRESS)) == 1
    offer.refresh_from_db()
    assert offer.email_status == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_refusing_the_address_records_the_failure_for_editors(quiet_inbox, worker):
    editor = factories.editor(username="editor")
    offer = an_offer()
    inbox = quiet_inbox()
    inbox.refuse[ADDRESS] = "550 5.1.1 No such user"

    offers.create_reviewer_account(offer, by=editor)
    worker()

    offer.refresh_from_db()
    assert offer.email_status == "failed"
    assert offer.email_error.startswith("550")
    page = logged_in(editor).get(f"/admin/volunteers/volunteeroffer/{offer.pk}/change/")
    assert b"No such user" in page.content


# --- creating a reviewer account ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_new_reviewer_account_gets_a_link_to_set_a_password_and_can_then_log_in(quiet_inbox, worker):
    editor = factories.editor(username="editor")
    offer = an_offer(name="José Pérez Núñez")
    factories.UserFactory(username="jose-perez-nunez", email="other@example.org")
    inbox = quiet_inbox()
    client = logged_in(editor)

    response = client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/account/", follow=True)
    assert b"created in the Scientific reviewers group" in response.content

    user = User.objects.get(email=ADDRESS)
    assert user.username == "jose-perez-nunez-2"
    assert (user.first_name, user.last_name) == ("José", "Pérez Núñez")
    assert user.is_staff and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [roles.REVIEWERS]
    assert workflow.may_review(user)
    offer.refresh_from_db()
    assert (offer.status, offer.account) == ("account_created", user)

    worker()
    (email,) = inbox.to(ADDRESS)
    assert "jose-perez-nunez-2" in text_of(email)
    (set_password,) = [url for url in links_in(text_of(email)) if "/admin/reset/" in url]

    reader = Client()
    form = reader.get(path_of(set_password), follow=True)
    assert form.status_code == 200
    assert b"new_password1" in form.content
    done = reader.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new pass phrase", "new_password2": "a long new pass phrase"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/admin/reset/done/"
    # The link works once.
    assert b"new_password1" not in Client().get(path_of(set_password), follow=True).content

    logged = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "jose-perez-nunez-2", "password": "a long new pass phrase", "next": "/admin/"},
        follow=True,
    )
    assert logged.status_code == 200
    assert logged.wsgi_request.user.username == "jose-perez-nunez-2"


@pytest.mark.django_db
def test_an_address_with_an_account_already_is_refused_and_that_user_can_be_added_instead(editor):
    offer = an_offer()
    existing = factories.UserFactory(username="ana", email="Ana.Ruiz@example.org", is_staff=False)
    client = logged_in(editor)

    response = client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/account/")

    assert response.status_code == 200
    assert b"already exists (ana)" in response.content
    assert b"Add ana to the Scientific reviewers" in response.content
    assert User.objects.filter(email__iexact=ADDRESS).count() == 1
    offer.refresh_from_db()
    assert offer.status == VolunteerOffer.Status.NEW

    client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/add-existing-user/")

    existing.refresh_from_db()
    assert existing.is_staff and workflow.may_review(existing)
    offer.refresh_from_db()
    assert (offer.status, offer.account, offer.email_status) == ("account_created", existing, "")
    with pytest.raises(ValidationError, match="already handled"):
        offers.create_reviewer_account(offer, by=editor)


@pytest.mark.django_db
def test_a_name_without_letters_for_a_username_takes_the_address_instead(editor):
    offer = an_offer(name="李 娜", email="li.na@example.cn")
    user = offers.create_reviewer_account(offer, by=editor)
    assert user.username == "lina"


@pytest.mark.django_db
def test_declining_an_offer_sends_nothing(editor, django_capture_on_commit_callbacks):
    offer = an_offer()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        logged_in(editor).post(f"/admin/volunteers/volunteeroffer/{offer.pk}/decline/")
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decided_by == editor
    assert callbacks == []
    history = logged_in(editor).get(f"/admin/volunteers/volunteeroffer/{offer.pk}/history/")
    assert b"Offer declined." in history.content
