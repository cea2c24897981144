""" "Publish later" reads the time in a zone it names. A small script fills in the zone
of the editor's browser; without it the site's zone (America/New_York) is used, and the
field says so. Every message and list that shows the scheduled time then gives it in the
zone it was entered in and in the site's zone."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db
State = Article.State
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def approved(reviewer):
    author = factories.author(username="author")
    article = factories.full_article(created_by=author, title="Early spread", slug="early-spread")
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    workflow.approve(article, by=reviewer)
    return article


def next_week_at_nine():
    """Nine in the morning a week ahead, as a wall-clock time with no zone."""
    return datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7), datetime.time(9, 0))


def schedule_in_the_admin(client, article, typed, time_zone=None):
    data = {"publish_at": typed.strftime("%Y-%m-%dT%H:%M")}
    if time_zone is not None:
        data["time_zone"] = time_zone
    return client.post(f"/admin/articles/article/{article.pk}/workflow/schedule/", data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_publish_later_field_says_which_time_zone_it_reads(client, approved, editor):
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{approved.pk}/change/").content.decode()
    later = html[html.index("Publish later") :]
    assert "Time in <span data-time-zone-name=" in later
    assert ">America/New_York</span>" in later and "(the site&#x27;s time zone)" in later
    # The script that fills in the browser's zone comes with the form, from our own server.
    assert '<script src="/static/js/time_zone.js"></script>' in html
    assert 'name="time_zone"' in later and "data-browser-time-zone" in later


def test_a_time_typed_in_london_is_scheduled_for_that_time_in_london(client, approved, editor):
    client.force_login(editor)
    typed = next_week_at_nine()

    response = schedule_in_the_admin(client, approved, typed, time_zone="Europe/London")

    approved.refresh_from_db()
    assert approved.state == State.SCHEDULED
    assert approved.scheduled_for == typed.replace(tzinfo=LONDON)
    in_new_york = approved.scheduled_for.astimezone(NEW_YORK)
    (message,) = messages_of(response)
    assert message.startswith(f"Scheduled for {typed.day} ")
    assert "at 09:00 Europe/London (" in message
    assert f"at {in_new_york:%H:%M} America/New_York)" in message


def test_without_the_script_the_time_is_read_in_the_site_time_zone_and_said_so(client, approved, editor):
    client.force_login(editor)
    typed = next_week_at_nine()

    response = schedule_in_the_admin(client, approved, typed)

    approved.refresh_from_db()
    assert approved.scheduled_for == typed.replace(tzinfo=NEW_YORK)
    (message,) = messages_of(response)
    assert message.endswith("at 09:00 America/New_York.")


def test_every_place_that_shows_the_scheduled_time_gives_both_zones(client, approved, editor):
    client.force_login(editor)
    typed = next_week_at_nine()
    schedule_in_the_admin(client, approved, typed, time_zone="Asia/Tokyo")
    approved.refresh_from_db()
    in_new_york = approved.scheduled_for.astimezone(NEW_YORK)

    page = client.get(f"/admin/articles/article/{approved.pk}/change/").content.decode()
    assert "To be published" in page and "at 09:00 Asia/Tokyo (" in page
    queue = client.get("/admin/articles/article/review-queue/").content.decode()
    assert f"09:00 Asia/Tokyo ({in_new_york:%-d %b %Y %H:%M} America/New_York)" in queue
    event = WorkflowEvent.objects.filter(article=approved, action=WorkflowEvent.Action.SCHEDULED).get()
    assert "09:00 Asia/Tokyo" in event.comment and "America/New_York" in event.comment


def test_a_time_zone_the_site_does_not_know_is_refused_and_nothing_is_scheduled(client, approved, editor):
    client.force_login(editor)
    typed = next_week_at_nine()

    response = schedule_in_the_admin(client, approved, typed, time_zone="Mars/Olympus_Mons")

    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.state == State.APPROVED and approved.scheduled_for is None
    assert any("time zone this site does not know" in m for m in messages_of(response))
    # What the editor typed is still in the form.
    assert f'value="{typed:%Y-%m-%dT%H:%M}"' in response.content.decode()


def test_the_time_is_checked_in_the_zone_it_was_typed_in(client, approved, editor):
    """Ten minutes from now in Los Angeles, read as a New York time, would be hours in
    the past and refused: the typed digits mean a moment in the zone they were typed in."""
    client.force_login(editor)
    soon = (timezone.now() + datetime.timedelta(minutes=10)).astimezone(
        zoneinfo.ZoneInfo("America/Los_Angeles")
    )

    response = schedule_in_the_admin(
        client, approved, soon.replace(tzinfo=None), time_zone="America/Los_Angeles"
    )

    approved.refresh_from_db()
    assert approved.state == State.SCHEDULED, messages_of(response)
    assert abs(approved.scheduled_for - soon) < datetime.timedelta(minutes=1)
