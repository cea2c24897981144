"""An editor about to publish, in a real browser: the reviewer's caveat given with the
approval sits next to "Publish now", and "Publish later" reads the time in the zone of
the editor's own computer, says so, and the message gives both zones."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
CAVEAT = "Fine, but please name the study before publishing."


@pytest.fixture
def approved_with_a_caveat(transactional_db):
    author = factories.author(username="author")
    reviewer = factories.reviewer(username="reviewer", first_name="Rita", last_name="Viewer")
    article = factories.full_article(created_by=author, title="Early spread", slug="early-spread")
    workflow.record_created(article, by=author)
    workflow.submit_for_review(article, by=author)
    workflow.approve(article, by=reviewer, comment=CAVEAT)
    return article


def test_an_editor_in_london_sees_the_caveat_and_schedules_in_london_time(
    live_server, new_context, approved_with_a_caveat
):
    factories.editor(username="editor")
    page = new_context(timezone_id="Europe/London").new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pass")
    page.get_by_role("button", name="Log in").click()
    # The first article page of a run loads the reading level's word lists: give it time.
    page.goto(f"{live_server.url}/admin/articles/article/{approved_with_a_caveat.pk}/change/", timeout=60_000)

    caveat = page.locator(".xr-round-reviews")
    expect(caveat).to_contain_text("Rita Viewer approved")
    expect(caveat).to_contain_text(CAVEAT)
    publish_now = page.get_by_role("button", name="Publish now")
    assert caveat.bounding_box()["y"] < publish_now.bounding_box()["y"]

    later = page.get_by_label("Publish later, on")
    expect(later).to_have_accessible_description("Time in Europe/London (your computer's time zone).")
    day = timezone.localdate() + datetime.timedelta(days=7)
    later.fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_role("button", name="Schedule").click()

    expect(page.locator(".messagelist")).to_contain_text("at 09:00 Europe/London (")
    article = Article.objects.get(pk=approved_with_a_caveat.pk)
    london = zoneinfo.ZoneInfo("Europe/London")
    assert article.scheduled_for == datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=london)
    in_new_york = article.scheduled_for.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    expect(page.locator(".messagelist")).to_contain_text(f"at {in_new_york:%H:%M} America/New_York)")
