"""Editors' queue of volunteer offers: what the volunteer sent, read-only, with filters;
only editors see offers or take a step on one, and bad input to a step gets a clear
answer."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from articles.models import PreviewLink
from tests import factories
from tests.volunteers.offering import ADDRESS, a_draft_in_review, an_offer, logged_in
from volunteers import offers
from volunteers.models import VolunteerOffer
from xrays import roles

# --- the queue ------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_see_the_queue_of_offers_and_filter_it(editor):
    an_offer()
    an_offer(name="Luz Gómez", email="luz@example.org", kind="patient_advocate", languages=["es"])
    declined = an_offer(name="Declined Person", email="d@example.org")
    offers.decline_offer(declined, by=editor)
    client = logged_in(editor)

    page = client.get("/admin/volunteers/volunteeroffer/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Ruiz" in html and "Luz Gómez" in html and "Declined Person" in html

    new_only = client.get("/admin/volunteers/volunteeroffer/?status__exact=new").content.decode()
    assert "Ana Ruiz" in new_only and "Declined Person" not in new_only
    advocates = client.get("/admin/volunteers/volunteeroffer/?kind__exact=patient_advocate").content.decode()
    assert "Luz Gómez" in advocates and "Ana Ruiz" not in advocates
    spanish = client.get("/admin/volunteers/volunteeroffer/?reviews_in=es").content.decode()
    assert "Luz Gómez" in spanish and "Ana Ruiz" in spanish and "Declined Person" in spanish
    english = client.get("/admin/volunteers/volunteeroffer/?reviews_in=en").content.decode()
    assert "Luz Gómez" not in english
    # A made-up value in the address lists every offer rather than failing.
    made_up = client.get("/admin/volunteers/volunteeroffer/?reviews_in=(%5B")
    assert made_up.status_code == 200 and "Luz Gómez" in made_up.content.decode()


@pytest.mark.django_db
def test_what_the_volunteer_sent_is_read_only_for_editors(editor):
    offer = an_offer()
    client = logged_in(editor)
    url = f"/admin/volunteers/volunteeroffer/{offer.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"breast oncologist, Mayo Clinic" in page.content
    assert b'name="name"' not in page.content and b'name="email"' not in page.content

    client.post(url, {"name": "Someone Else", "email": "x@example.org", "editor_note": "Call in May."})

    offer.refresh_from_db()
    assert (offer.name, offer.email, offer.editor_note) == ("Ana Ruiz", ADDRESS, "Call in May.")


@pytest.mark.django_db
def test_the_queue_takes_the_same_number_of_queries_for_many_offers(editor, django_assert_max_num_queries):
    client = logged_in(editor)
    an_offer()
    client.get("/admin/volunteers/volunteeroffer/")
    for n in range(30):
        an_offer(email=f"v{n % 10}@example.org")
    with django_assert_max_num_queries(12):
        assert client.get("/admin/volunteers/volunteeroffer/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.AUTHORS, roles.REVIEWERS])
def test_authors_and_reviewers_cannot_see_offers_or_act_on_them(role):
    offer = an_offer()
    draft = a_draft_in_review()
    person = factories.UserFactory(username=f"someone-{role[:5].lower()}", role=role)
    client = logged_in(person)

    assert client.get("/admin/volunteers/volunteeroffer/").status_code == 403
    assert client.get(f"/admin/volunteers/volunteeroffer/{offer.pk}/change/").status_code == 403
    assert (
        client.post(
            f"/admin/volunteers/volunteeroffer/{offer.pk}/invite/", {"article": draft.pk, "days": 7}
        ).status_code
        == 403
    )
    assert client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/account/").status_code == 403
    assert client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/decline/").status_code == 403
    for step in [
        lambda: offers.invite_as_outside_reviewer(
            offer, by=person, article=draft, expires_at=draft.created_at.replace(year=2999)
        ),
        lambda: offers.create_reviewer_account(offer, by=person),
        lambda: offers.decline_offer(offer, by=person),
    ]:
        with pytest.raises(PermissionDenied):
            step()
    offer.refresh_from_db()
    assert offer.status == VolunteerOffer.Status.NEW
    assert not PreviewLink.objects.exists()
    assert not User.objects.filter(email=ADDRESS).exists()


@pytest.mark.django_db
def test_unknown_offers_and_bad_step_input_get_clear_answers(editor):
    offer = an_offer()
    client = logged_in(editor)
    assert client.get("/admin/volunteers/volunteeroffer/999999/invite/").status_code == 404
    for bad in [{"article": "999999", "days": "7"}, {"article": "x", "days": "9999"}, {"days": "0"}]:
        response = client.post(f"/admin/volunteers/volunteeroffer/{offer.pk}/invite/", bad)
        assert response.status_code == 200
        assert b"errorlist" in response.content
    offer.refresh_from_db()
    assert offer.status == VolunteerOffer.Status.NEW
