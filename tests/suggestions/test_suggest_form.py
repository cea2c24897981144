"""The public "Suggest a news story" form: what a reader sends is kept for the editors,
bad input gets a clear answer with what was typed kept, robots and floods are held
back, and no answer says whether a link or an address was known."""

import pytest
from django.test import Client, override_settings

from suggestions.models import Suggestion
from tests import factories

SUGGEST = "/suggest/"
LINK = "https://www.statnews.com/2026/11/30/new-blood-test-breast-cancer/"
WHY = "My mother asked me whether this test is available for her."


def send(client, path=SUGGEST, **fields):
    data = {"link": LINK, "why": WHY, "email": "", "website": "", **fields}
    return client.post(path, data)


def test_a_reader_who_sends_a_link_and_why_gets_the_thank_you_page_and_the_editors_get_it(client, db):
    response = send(client, email="Reader@Example.org")
    assert response.status_code == 302 and response["Location"] == "/suggest/thanks/"
    suggestion = Suggestion.objects.get()
    assert (suggestion.link, suggestion.why, suggestion.email) == (LINK, WHY, "reader@example.org")
    assert suggestion.status == Suggestion.Status.NEW and suggestion.language == "en"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and b"Thank you for your suggestion" in thanks.content


def test_the_form_page_answers_get_and_head_has_a_csrf_token_and_a_hidden_trap(client, db):
    page = client.get(SUGGEST)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    html = page.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'class="hp" aria-hidden="true"' in html and 'name="website"' in html
    assert (
        '<label for="id_link">' in html
        and '<label for="id_why">' in html
        and '<label for="id_email">' in html
    )
    assert client.head(SUGGEST).status_code == 200
    assert client.put(SUGGEST).status_code == 405


def test_the_form_needs_its_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(SUGGEST, {"link": LINK, "why": WHY})
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "link, message",
    [
        ("javascript:alert(document.cookie)", "starting with http:// or https://"),
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "starting with http:// or https://"),
        ("JaVaScRiPt:alert(1)", "starting with http:// or https://"),
        ("ftp://example.org/story", "starting with http:// or https://"),
        ("www.example.org/story", "starting with http:// or https://"),
        ("https://", "no site name"),
        ("https:///path-only", "no site name"),
        ("https://user:secret@example.org/", "no user name or password"),
        ("https://example.org:notaport/", "does not look like a web address"),
        ("https://example.org/a story", "has no spaces"),
        ("https://example.org/" + "a" * 20_000, "at most 2000 characters"),
        ("", "Please give the link"),
    ],
)
def test_a_link_of_the_wrong_shape_is_refused_clearly_and_what_was_typed_is_kept(client, db, link, message):
    response = send(client, link=link, email="reader@example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html and 'aria-invalid="true"' in html
    # Nothing lost: the other fields come back as typed.
    assert WHY in html and 'value="reader@example.org"' in html
    assert not Suggestion.objects.exists()


def test_a_why_of_20000_characters_is_refused_with_its_limit_and_kept(client, db):
    long_why = "é" * 20_000
    response = send(client, why=long_why)
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 2000 characters (it has 20000)" in html
    assert long_why in html and LINK in html
    assert not Suggestion.objects.exists()


def test_an_empty_why_and_a_bad_address_are_form_errors(client, db):
    response = send(client, why="   ", email="not an address")
    html = response.content.decode()
    assert response.status_code == 400
    assert "why this story matters" in html and "Enter a valid email address" in html


@pytest.mark.parametrize("field", ["link", "why", "email", "website"])
def test_a_nul_byte_in_any_field_gets_a_clear_400_never_a_500(client, db, field):
    response = send(client, **{field: "abc\x00def"})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_non_ascii_links_why_and_addresses_are_kept(client, db):
    link = "https://periódico.example/salud/cáncer-de-mama?utm_source=x"
    response = send(client, link=link, why="Mi mamá quiere saber 😊", email="lectora@bücher.de")
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.link == link and suggestion.email == "lectora@xn--bcher-kva.de"


def test_a_filled_bot_trap_gets_the_same_thank_you_and_nothing_is_kept(client, db):
    response = send(client, website="http://spam.example/", email="bot@example.org")
    assert response.status_code == 302 and response["Location"] == "/suggest/thanks/"
    assert not Suggestion.objects.exists()


def test_the_spanish_page_is_in_spanish_and_the_suggestion_remembers_the_language(client, db):
    page = client.get("/es/suggest/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="es"' in html and "Sugiera una noticia" in html
    response = send(client, "/es/suggest/", email="lectora@example.org")
    assert response.status_code == 302 and response["Location"] == "/es/suggest/thanks/"
    assert Suggestion.objects.get().language == "es"
    assert "Gracias" in client.get(response["Location"]).content.decode()


def test_a_spanish_form_error_is_in_spanish(client, db):
    html = send(client, "/es/suggest/", link="javascript:alert(1)").content.decode()
    assert "http://" in html and "Por favor" in html


def test_the_article_a_reader_came_from_is_kept_and_leads_back(client, published_article):
    path = f"{SUGGEST}?from={published_article.slug}"
    page = client.get(path).content.decode()
    assert f'href="/articles/{published_article.slug}/"' in page
    response = send(client, path)
    assert response["Location"] == f"/suggest/thanks/?from={published_article.slug}"
    assert Suggestion.objects.get().came_from == published_article.slug


@pytest.mark.parametrize("came_from", ["no-such-article", "x" * 400, "%FF", "a-draft"])
def test_an_unknown_article_to_come_from_is_ignored(client, db, came_from):
    factories.full_article(slug="a-draft")
    assert client.get(f"{SUGGEST}?from={came_from}").status_code == 200
    assert send(client, f"{SUGGEST}?from={came_from}")["Location"] == "/suggest/thanks/"
    assert Suggestion.objects.get().came_from == ""


@override_settings(RATELIMIT_ENABLE=True, SUGGESTION_RATE="3/m")
def test_a_flood_from_one_client_gets_the_please_wait_page(client, db):
    answers = [send(client, link=f"https://example.org/story-{n}").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert Suggestion.objects.count() == 3
    page = send(client, link="https://example.org/story-9")
    assert b"Please wait a moment" in page.content and page["Retry-After"]
    # Another reader is not held back.
    assert send(Client(REMOTE_ADDR="10.0.0.2"), link="https://example.org/other").status_code == 302


@override_settings(RATELIMIT_ENABLE=True, SUGGESTION_RATE="100/m", SUGGESTION_EMAIL_RATE="2/h")
def test_one_address_sent_from_many_clients_is_held_back(db):
    answers = [
        send(
            Client(REMOTE_ADDR=f"10.0.1.{n}"), link=f"https://example.org/{n}", email="Same@example.org"
        ).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 429, 429]
    assert Suggestion.objects.count() == 2
    # Without an address, or with another one, a reader is not held back.
    assert send(Client(REMOTE_ADDR="10.0.1.9"), link="https://example.org/9").status_code == 302
    assert send(Client(REMOTE_ADDR="10.0.1.9"), email="other@example.org").status_code == 302


@override_settings(RATELIMIT_ENABLE=False, SUGGESTION_RATE="1/m")
def test_the_throttles_can_be_turned_off_for_load_tests(client, db):
    assert all(send(client, link=f"https://example.org/{n}").status_code == 302 for n in range(4))
