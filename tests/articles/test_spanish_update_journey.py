"""The issue's whole story in one test: the English article is updated; the Spanish page
says at once that its translation is being checked, the review queue lists it, and the
translator sees what changed in English, section by section; the updated translation is
published, the notice goes, and the Spanish page's follower is told, in Spanish, through
a real SMTP server."""

import re

import pytest
from django.utils import timezone

from articles import translations, workflow
from subscriptions.models import Subscriber, Subscription
from tests.subscriptions import conftest as mail
from tests.subscriptions.smtp import html_of, text_of

smtp_server, inbox, worker = mail.smtp_server, mail.inbox, mail.worker

SPANISH_PAGE = "/es/articles/propagacion-temprana/"
BEING_CHECKED = "esta traducción se está revisando"


def section_with(html, heading):
    """The class of the compare section headed `heading`."""
    pattern = r'<section class="xr-change ([^"]+)">\s*<h2>Section: ' + re.escape(heading) + "[ <]"
    match = re.search(pattern, html)
    assert match, f"no section headed {heading!r}"
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_an_english_update_reaches_spanish_readers_only_through_a_reviewed_translation(
    client, published_article, approve, editor, inbox, worker
):
    translator = editor
    spanish = translations.start_translation(published_article, "es", by=translator)
    spanish.title = "Propagación temprana del cáncer de mama"
    spanish.slug = "propagacion-temprana"
    spanish.summary = "Las células del cáncer pueden propagarse antes de lo que se pensaba."
    spanish.save()
    approve(spanish)
    workflow.publish(spanish, by=editor)
    reader = Subscriber.objects.create(
        email="lectora@example.org", confirmed_at=timezone.now(), language="es"
    )
    Subscription.objects.create(subscriber=reader, article=spanish, confirmed_at=timezone.now())
    assert BEING_CHECKED not in client.get(SPANISH_PAGE).text  # kept by the page cache now

    # The English article is updated in its first section only.
    first, second = published_article.sections.all()[:2]
    first.body = "<p>New results from a trial in people.</p>"
    first.save()
    approve(published_article)
    workflow.publish(published_article, by=editor, change_summary="Added the results of a trial.")

    notice = client.get(SPANISH_PAGE).text.split('class="notice translation-notice"')[1].split("</div>")[0]
    assert BEING_CHECKED in notice
    assert '<a href="/articles/early-spread/" lang="en" hreflang="en">' in notice

    client.force_login(editor)
    queue = client.get("/admin/articles/article/review-queue/").text
    queue_part = queue.split('id="translations-out-of-date"')[1]
    assert "Propagación temprana del cáncer de mama" in queue_part
    changes = client.get(f"/admin/articles/article/{spanish.pk}/source-changes/").text
    assert section_with(changes, first.heading) == "xr-changed"
    assert section_with(changes, second.heading) == "xr-same"

    # The translator updates that section, says so; a reviewer approves; it is published.
    spanish.refresh_from_db()
    translated = spanish.sections.get(anchor=first.anchor)
    translated.body = "<p>Nuevos resultados de un ensayo en personas.</p>"
    translated.save()
    translations.mark_up_to_date(spanish, by=translator)
    approve(spanish)
    workflow.publish(
        spanish,
        by=editor,
        change_summary="Se agregaron los resultados de un ensayo.",
        notify_subscribers=True,
    )
    client.logout()

    page = client.get(SPANISH_PAGE).text
    assert BEING_CHECKED not in page and "Nuevos resultados de un ensayo en personas." in page
    assert "review-queue" not in page
    worker()
    (message,) = inbox.to("lectora@example.org")
    assert message["Content-Language"] == "es"
    assert message["Subject"].startswith("Actualizado: Propagación temprana")
    for part in (text_of(message), html_of(message)):
        assert "Se agregaron los resultados de un ensayo." in part
        assert "/es/articles/propagacion-temprana/" in part
