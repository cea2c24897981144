"""The public "Volunteer as a reviewer" form: what a volunteer sends reaches the
editors, bad input gets a clear answer with what was typed kept, and nobody learns
from the answer whether an address had offered before."""

import pytest
from django.test import Client, override_settings

from tests.volunteers.offering import answers
from volunteers.models import VolunteerOffer


@pytest.mark.django_db
def test_a_volunteer_who_sends_the_form_is_thanked_and_the_editors_get_their_offer():
    client = Client()
    page = client.get("/volunteer/")
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]

    response = client.post("/volunteer/", answers(note="I trained at FORCE."))

    assert response.status_code == 302
    assert response["Location"] == "/volunteer/thanks/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert b"Thank you for your offer" in thanks.content
    offer = VolunteerOffer.objects.get()
    assert (offer.name, offer.email, offer.kind) == (
        "Ana Ruiz",
        "ana.ruiz@example.org",
        "health_professional",
    )
    assert offer.role == "breast oncologist, Mayo Clinic"
    assert offer.language_codes == ["en", "es"]
    assert offer.note == "I trained at FORCE."
    assert offer.language == "en"
    assert offer.status == VolunteerOffer.Status.NEW
    assert offer.consented_at is not None


@pytest.mark.django_db
def test_the_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/volunteer/", answers()).status_code == 403
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
def test_a_second_offer_from_the_same_address_gets_the_same_answer_and_is_kept_beside_the_first():
    first = Client(REMOTE_ADDR="198.51.100.1").post("/volunteer/", answers())
    second = Client(REMOTE_ADDR="198.51.100.2").post(
        "/volunteer/", answers(email="ana.ruiz@example.org", role="oncologist, Hospital Italiano")
    )

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert VolunteerOffer.objects.from_address("ana.ruiz@example.org").count() == 2
    assert [o.offers_from_address for o in VolunteerOffer.objects.with_offers_from_address()] == [2, 2]


@pytest.mark.django_db
def test_a_volunteer_who_forgets_everything_sees_each_problem_and_keeps_what_they_typed():
    response = Client().post("/volunteer/", {"name": "Ana Ruiz", "role": "nurse, Clínica Alemana"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    for message in [
        "Please give your email address.",
        "Please choose which describes you.",
        "Please name the areas of cancer you know.",
        "Please choose at least one language.",
        "Please agree, so that we may keep your offer and contact you.",
    ]:
        assert message in html
    assert 'value="Ana Ruiz"' in html
    assert 'value="nurse, Clínica Alemana"' in html
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
def test_20000_characters_get_a_clear_error_beside_the_field_not_a_server_error():
    long_text = "a" * 20_000
    response = Client().post("/volunteer/", answers(areas=long_text, name=long_text, note=long_text))

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Ensure this value has at most") == 3 * 2  # beside each field, and in the summary
    assert "(it has 20000)" in html
    assert long_text in html  # kept, to shorten rather than retype
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["Ana\x00Ruiz", "Ana\x07Ruiz"])
def test_a_nul_or_control_character_gets_a_clear_bad_request_page_not_a_server_error(bad):
    response = Client().post("/volunteer/", answers(name=bad))

    assert response.status_code == 400
    assert b"<h1>" in response.content
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
def test_an_address_no_email_could_reach_is_refused_with_what_was_typed_kept():
    response = Client().post("/volunteer/", answers(email="ana@@example"))

    assert response.status_code == 400
    assert b'value="ana@@example"' in response.content
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
def test_non_ascii_names_and_a_name_over_two_lines_are_kept_on_one_line():
    Client().post("/volunteer/", answers(name="José  Pérez\r\nNúñez", role="oncólogo, 北京"))

    offer = VolunteerOffer.objects.get()
    assert offer.name == "José Pérez Núñez"
    assert offer.role == "oncólogo, 北京"


@pytest.mark.django_db
def test_a_robot_that_fills_the_trap_field_is_thanked_and_nothing_is_stored():
    response = Client().post("/volunteer/", answers(website="http://spam.example"))

    assert (response.status_code, response["Location"]) == (302, "/volunteer/thanks/")
    assert not VolunteerOffer.objects.exists()


@pytest.mark.django_db
def test_a_flood_from_one_client_gets_the_please_wait_page():
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [client.post("/volunteer/", answers(email=f"v{n}@example.org")).status_code for n in range(6)]

    assert codes == [302] * 5 + [429]
    last = client.post("/volunteer/", answers(email="another@example.org"))
    assert last.status_code == 429
    assert b"Please wait a moment" in last.content
    assert last["Retry-After"] == "60"
    assert VolunteerOffer.objects.count() == 5


@pytest.mark.django_db
def test_a_flood_for_one_address_from_many_clients_is_stopped_after_three_an_hour():
    codes = [
        Client(REMOTE_ADDR=f"198.51.100.{n}")
        .post("/volunteer/", answers(email="Flood@Example.org"))
        .status_code
        for n in range(1, 6)
    ]

    assert codes == [302, 302, 302, 429, 429]
    assert VolunteerOffer.objects.from_address("flood@example.org").count() == 3
    # Another address from the same clients is not held up.
    assert Client(REMOTE_ADDR="198.51.100.5").post("/volunteer/", answers()).status_code == 302


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLE=False)
def test_with_throttles_off_a_flood_is_accepted():
    client = Client()
    codes = {client.post("/volunteer/", answers()).status_code for _ in range(8)}
    assert codes == {302}


@pytest.mark.django_db
def test_the_form_in_spanish_at_es_volunteer_and_its_offer_is_remembered_as_spanish():
    client = Client()
    page = client.get("/es/volunteer/")
    assert page.status_code == 200
    assert b'<html lang="es">' in page.content

    response = client.post("/es/volunteer/", answers(languages=["es"]))

    assert response["Location"] == "/es/volunteer/thanks/"
    assert client.get(response["Location"]).status_code == 200
    assert VolunteerOffer.objects.get().language == "es"


@pytest.mark.django_db
def test_head_gets_the_pages_without_a_body_and_other_methods_are_refused():
    client = Client()
    for address in ["/volunteer/", "/volunteer/thanks/", "/es/volunteer/"]:
        response = client.head(address)
        assert response.status_code == 200
        assert response.content == b""
    assert client.put("/volunteer/").status_code == 405
    assert client.post("/volunteer/thanks/").status_code == 405


@pytest.mark.django_db
def test_a_made_up_choice_is_refused_beside_its_question():
    response = Client().post("/volunteer/", answers(kind="surgeon-general", languages=["en", "xx"]))

    assert response.status_code == 400
    assert (
        response.content.decode().count("Select a valid choice.") == 2 * 2
    )  # beside each, and in the summary
    assert not VolunteerOffer.objects.exists()
