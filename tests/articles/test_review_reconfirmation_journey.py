"""The whole story of a review falling due: an article is published; time passes its
review date; the review queue lists it as overdue, the editors' weekly email (a real SMTP
server, sent by the worker) lists it, and readers' page (through the page cache) says
it is being checked again. A reviewer re-confirms it as it is: no new version, no email
to its followers, today's review date on the page at once, a clear queue and a clear
next reminder, and the history records it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, PublishedVersion, WorkflowEvent
from subscriptions.models import Notice, Subscriber, Subscription
from tests.articles import review_clock
from tests.subscriptions import conftest as mail
from tests.subscriptions.smtp import text_of

smtp_server, inbox, worker = mail.smtp_server, mail.inbox, mail.worker
clock = review_clock.clock

PAGE = "/articles/early-spread/"
QUEUE = "/admin/articles/article/review-queue/"
BEING_CHECKED = "This review is being checked again."


def queue_part(html, anchor):
    return html.split(f'id="{anchor}"')[1].split("<h2")[0]


@pytest.mark.django_db(transaction=True)
def test_a_review_that_falls_due_is_listed_emailed_noted_and_cleared_by_a_reconfirmation(
    client, clock, published_article, reviewer, editor, inbox, worker, django_assert_num_queries
):
    article = published_article
    follower = Subscriber.objects.create(email="follower@example.org", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=follower, article=article, confirmed_at=timezone.now())
    reviewed_on = timezone.localdate()
    due_on = article.next_review_due
    assert due_on > reviewed_on + datetime.timedelta(days=700)

    page = client.get(PAGE).text
    assert "Reviewed by the Scientific Advisory Board on" in page
    assert f'Next review due <time datetime="{due_on:%Y-%m-%d}">' in page
    assert BEING_CHECKED not in page
    worker()
    call_command("send_review_reminders")
    worker()
    assert inbox.to("editor@example.org") == []  # nothing due yet: no email

    # The day the review falls due, nobody does anything.
    clock.move_to(due_on)
    page = client.get(PAGE)
    assert BEING_CHECKED in page.text
    notice = page.text.split('class="notice review-notice"')[1].split("</div>")[0]
    assert 'role="note"' in notice
    assert f'<time datetime="{reviewed_on:%Y-%m-%d}">' in notice
    with django_assert_num_queries(0):
        kept = client.get(PAGE)
    assert kept["X-Page-Cache"] == "hit"
    assert BEING_CHECKED in kept.text

    client.force_login(editor)
    overdue = queue_part(client.get(QUEUE).text, "review-overdue")
    assert "Early spread of breast cancer" in overdue
    assert "0 days" in overdue
    client.logout()

    call_command("send_review_reminders")
    worker()
    (reminder,) = inbox.to("editor@example.org")
    assert reminder["Subject"] == "Reviews due: 1 overdue, 0 due within 30 days"
    body = text_of(reminder)
    assert "Early spread of breast cancer" in body
    assert f"/admin/articles/article/{article.pk}/change/" in body
    call_command("send_review_reminders")  # again the same week: nothing more
    worker()
    assert len(inbox.to("editor@example.org")) == 1

    # A reviewer re-confirms it as it is, from its page in the admin.
    versions = PublishedVersion.objects.count()
    notices = Notice.objects.count()
    client.force_login(reviewer)
    change_page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "Re-confirm without changes" in change_page
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/reconfirm/",
        {"comment": "Still what the evidence says."},
        follow=True,
    )
    assert "Re-confirmed: readers see it was reviewed on" in response.text
    client.logout()

    article.refresh_from_db()
    today = timezone.localdate()
    assert article.reviewed_on == today
    assert PublishedVersion.objects.count() == versions
    assert Notice.objects.count() == notices
    event = WorkflowEvent.objects.filter(article=article).first()
    assert event.action == WorkflowEvent.Action.RECONFIRMED
    assert event.actor == reviewer
    assert event.comment == "Still what the evidence says."
    assert event.get_action_display() == "Re-confirmed by the Scientific Advisory Board without changes"
    worker()
    assert inbox.to("follower@example.org") == []

    page = client.get(PAGE).text
    assert BEING_CHECKED not in page
    assert f'on <time datetime="{today:%Y-%m-%d}">' in page
    assert f'Next review due <time datetime="{article.next_review_due:%Y-%m-%d}">' in page

    client.force_login(editor)
    queue = client.get(QUEUE).text
    assert "Early spread of breast cancer" not in queue_part(queue, "review-overdue")
    assert "Early spread of breast cancer" not in queue_part(queue, "review-due-soon")
    client.logout()
    clock.move(days=7)
    call_command("send_review_reminders")
    worker()
    assert len(inbox.to("editor@example.org")) == 1  # next week: nothing due, nothing sent
    assert Article.objects.review_overdue(timezone.localdate()).count() == 0
