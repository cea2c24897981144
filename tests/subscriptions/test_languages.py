"""Following in Spanish: the follow pages under /es/, the reader's language recorded and
changeable, and every email (confirmation, update notice, weekly digest) in it, sent
through a real SMTP server on loopback. English readers' emails are the other tests'."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client

from articles import workflow
from subscriptions import digest, follow, notices, sending
from subscriptions.models import Notice, Subscriber, Subscription
from tests import factories
from tests.subscriptions.smtp import html_of, link_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

LECTORA = "lectora@example.org"
READER = "reader@example.org"
WEEKLY = Subscription.Frequency.WEEKLY


@pytest.fixture
def translated(published_article, publish):
    """The example article and its published Spanish translation."""
    translation = factories.spanish_translation(
        published_article, title="Diseminación temprana del cáncer de mama", slug="diseminacion-temprana"
    )
    publish(translation)
    translation.refresh_from_db()
    return translation


def to_readers(inbox):
    """What readers got: the editorial team's own emails about review are not theirs."""
    return [m for m in inbox.messages if m["To"] in (LECTORA, READER)]


def confirmed(email, language, **what):
    subscription = follow.follow(email, language=language, **what)
    follow.confirm(subscription)
    return subscription


def update(article, approve, editor, summary):
    section = article.sections.first()
    section.body = f"<p>{summary}</p>"
    section.save()
    approve(article)
    return workflow.publish(article, by=editor, change_summary=summary, notify_subscribers=True)


def test_a_reader_who_follows_from_a_spanish_page_gets_the_confirmation_in_spanish(translated, inbox, worker):
    client = Client()
    follow_page = "/es/subscriptions/follow/article/diseminacion-temprana/"
    page = client.get(follow_page).content.decode()
    assert "Su correo electrónico" in page and "Envíenme el enlace de confirmación" in page

    response = client.post(follow_page, {"email": LECTORA})
    assert response.status_code == 302
    assert response["Location"] == "/es/subscriptions/check-your-inbox/"
    inbox_page = client.get(response["Location"]).content.decode()
    assert "Revise su correo" in inbox_page and LECTORA in inbox_page
    assert Subscriber.objects.get(email=LECTORA).language == "es"

    worker()
    (message,) = inbox.to(LECTORA)
    assert message["Subject"] == "Por favor, confirme: avisos de XRAYS"
    assert message["Content-Language"] == "es"
    text, html = text_of(message), html_of(message)
    assert "Por favor, confirme que desea recibir correos de XRAYS sobre" in text
    assert "Diseminación temprana del cáncer de mama" in text
    assert '<html lang="es">' in html and "Abrir la página de confirmación" in html
    assert "Please confirm" not in text + html
    confirm_url = link_in(message, "/subscriptions/confirm/")
    assert confirm_url.startswith("http://127.0.0.1:8000/es/subscriptions/confirm/")
    assert link_in(message, "/subscriptions/manage/").startswith(
        "http://127.0.0.1:8000/es/subscriptions/manage/"
    )

    confirm_path = urlsplit(confirm_url).path
    assert "Confirme su correo" in client.get(confirm_path).content.decode()
    client.post(confirm_path)
    assert "Ahora usted sigue" in client.get(confirm_path).content.decode()
    assert Subscriber.objects.get(email=LECTORA).is_confirmed


def test_a_spanish_follower_gets_the_update_in_spanish_and_an_english_one_in_english(
    translated, published_article, approve, editor, inbox, worker
):
    confirmed(LECTORA, "es", article=translated)
    confirmed(READER, "en", article=published_article)
    worker()  # their confirmation emails
    inbox.clear()

    update(translated, approve, editor, "Se añadieron los resultados de un ensayo nuevo.")
    worker()

    (notice,) = to_readers(inbox)
    assert notice["To"] == LECTORA
    assert notice["Subject"] == "Actualizado: Diseminación temprana del cáncer de mama"
    assert notice["Content-Language"] == "es"
    assert notice["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/es/subscriptions/unsubscribe/")
    text, html = text_of(notice), html_of(notice)
    for part in (text, html):
        assert "Se añadieron los resultados de un ensayo nuevo." in part
        assert "http://127.0.0.1:8000/es/articles/diseminacion-temprana/" in part
        assert "porque usted sigue este artículo" in part
        assert "/es/subscriptions/manage/" in part
    assert "Qué cambió:" in text and "Un artículo de XRAYS se actualizó después de ser revisado:" in text
    assert '<html lang="es">' in html and "Leer el artículo" in html
    inbox.clear()

    update(published_article, approve, editor, "Added the results of a new trial.")
    worker()

    (notice,) = to_readers(inbox)
    assert notice["To"] == READER
    assert notice["Subject"] == "Updated: Early spread of breast cancer"
    assert notice["Content-Language"] == "en"
    assert "because you follow this article" in text_of(notice)
    assert "/es/" not in text_of(notice) + html_of(notice)


def test_site_followers_hear_each_news_once_in_their_own_language(
    published_article, publish, approve, editor, inbox, worker
):
    confirmed(LECTORA, "es")
    confirmed(READER, "en")
    worker()  # their confirmation emails
    inbox.clear()

    # An English article with no translation yet: Spanish readers are offered it too.
    new = factories.full_article(title="A new screening study", slug="screening-study")
    publish(new, notify_subscribers=True)
    worker()
    spanish, english = inbox.to(LECTORA), inbox.to(READER)
    assert [m["Subject"] for m in spanish] == ["Nuevo en XRAYS: A new screening study"]
    assert [m["Subject"] for m in english] == ["New on XRAYS: A new screening study"]
    html = html_of(spanish[0])
    assert 'lang="en"' in html and "(English)" in html, "the English title is marked as English"
    assert "porque usted sigue todos los artículos nuevos de XRAYS" in text_of(spanish[0])
    inbox.clear()

    # Its Spanish translation: news for Spanish readers alone.
    translation = factories.spanish_translation(
        new, title="Un estudio nuevo de detección", slug="estudio-deteccion"
    )
    publish(translation, notify_subscribers=True)
    worker()
    assert [(m["To"], m["Subject"]) for m in to_readers(inbox)] == [
        (LECTORA, "Nuevo en XRAYS: Un estudio nuevo de detección")
    ]
    inbox.clear()

    # An update of the English now translated: English readers alone (the Spanish
    # readers hear of it when the translation is brought up to date).
    update(new, approve, editor, "Added a second trial.")
    worker()
    assert [m["To"] for m in to_readers(inbox)] == [READER]
    notice = Notice.objects.get(version=new.live_version)
    assert notice.languages == "en"
    assert notice.deliveries.count() == 1


def test_the_weekly_digest_of_a_spanish_reader_is_in_spanish_with_the_spanish_version(
    translated, publish, inbox
):
    english_only = factories.full_article(title="A study on another cancer", slug="another")
    publish(english_only)
    confirmed(LECTORA, "es", frequency=WEEKLY)
    confirmed(READER, "en", frequency=WEEKLY)

    notice = digest.create_digest()
    assert set(notice.languages.split()) == {"en", "es"}
    assert sending.send_due_deliveries().sent == 2

    (spanish,) = inbox.to(LECTORA)
    assert spanish["Subject"] == "XRAYS esta semana: 2 artículos nuevos y actualizados"
    assert spanish["Content-Language"] == "es"
    text, html = text_of(spanish), html_of(spanish)
    for part in (text, html):
        assert "Diseminación temprana del cáncer de mama" in part
        assert "A study on another cancer" in part
        assert "Early spread of breast cancer" not in part, "the same news once, in Spanish"
        assert "/es/subscriptions/manage/" in part
    assert "Usted recibe este resumen semanal porque usted sigue todos los artículos nuevos de XRAYS." in text
    assert 'href="http://127.0.0.1:8000/articles/another/" lang="en" hreflang="en"' in html

    (english,) = inbox.to(READER)
    assert english["Subject"] == "XRAYS this week: 2 new and updated articles"
    assert english["Content-Language"] == "en"
    assert "Early spread of breast cancer" in text_of(english)
    assert "Diseminación" not in text_of(english)


def test_the_manage_page_shows_the_email_language_and_changes_it(published_article, client):
    subscription = confirmed(READER, "en", article=published_article)
    from subscriptions import tokens

    manage = f"/es/subscriptions/manage/{tokens.manage_token(subscription.subscriber)}/"
    page = client.get(manage).content.decode()
    assert "Correos en:" in page
    assert 'value="en" id="language-en" checked' in page and '<span lang="es">Español</span>' in page

    response = client.post(manage, {"action": "language", "language": "es"})
    assert response.status_code == 302
    assert Subscriber.objects.get(email=READER).language == "es"
    assert (
        "Guardado: le escribiremos en el idioma que eligió."
        in client.get(response["Location"]).content.decode()
    )

    for refused in ("fr", "", "es\x00", "x" * 20_000):
        assert client.post(manage, {"action": "language", "language": refused}).status_code == 400
    assert Subscriber.objects.get(email=READER).language == "es"


def test_someone_typing_a_confirmed_address_on_a_spanish_page_does_not_change_its_emails(
    translated, published_article, inbox, worker, settings
):
    settings.CONFIRMATION_EMAIL_INTERVAL = datetime.timedelta(0)
    confirmed(READER, "en", article=published_article)
    worker()
    inbox.clear()
    Client().post("/es/subscriptions/follow/", {"email": READER})
    worker()

    # The confirmation asked for on the Spanish page is in Spanish …
    (message,) = inbox.to(READER)
    assert message["Content-Language"] == "es"
    # … but the address's other emails stay English until its owner confirms.
    assert Subscriber.objects.get(email=READER).language == "en"
    client = Client()
    client.post(urlsplit(link_in(message, "/subscriptions/confirm/")).path)
    assert Subscriber.objects.get(email=READER).language == "es"


def test_the_spanish_follow_form_explains_a_wrong_address_in_spanish(published_article):
    page = Client().post("/es/subscriptions/follow/", {"email": "nadie@"}).content.decode()
    assert "Escriba una dirección de correo electrónico válida." in page
    assert "Por favor, revise su correo electrónico." in page
    assert not Subscriber.objects.exists()


def test_an_untranslated_english_article_is_news_for_readers_of_both_languages(published_article, db):
    confirmed(LECTORA, "es")
    confirmed(READER, "en")
    notice = notices.create_notice(published_article, published_article.live_version)
    assert notice.languages == "en es", "an English article with no translation is news for both"
    assert notice.deliveries.count() == 2
