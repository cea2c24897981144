"""Publication: publish now, schedule, cancel a schedule, the scheduled run itself, and
withdrawal. Each takes a row lock, so two editors acting at once get one outcome."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from articles import snapshot as article_content
from articles.models import Article, PublishedVersion, RatingLevel, WorkflowEvent
from articles.signals import article_published, article_withdrawn
from articles.text import article_text
from articles.workflow.notices import tell_editor_schedule_failed
from articles.workflow.review import SCHEDULE_FIELDS, clear_schedule, locked, move, record
from articles.workflow.rules import (
    SCHEDULE_RETRY_DELAYS,
    approval_status,
    check_publish_time,
    check_step,
    current_approvals,
    draft_content,
)
from xrays import generations
from xrays.dates import site_time_zone, time_in_zones

State = Article.State
Action = WorkflowEvent.Action
# Public pages (home, article, feeds …) change with what is published: the page cache
# keys follow this content generation (xrays/page_cache.py).
PAGES_SCOPE = generations.declare("articles")


def publish(
    article: Article, *, by: User, change_summary: str = "", notify_subscribers: bool = False
) -> PublishedVersion:
    """Snapshot the approved article as a new PublishedVersion and make it the live one.
    `notify_subscribers` travels with the `article_published` signal."""
    with transaction.atomic():
        # Lock the row: two editors publishing at once publish one version, not two.
        given, article = article, locked(article)
        draft = draft_content(article)
        check_step("publish", article, by, draft=draft)
        version = _publish_locked(article, given, by, change_summary, notify_subscribers, draft[0])
    return version


def _publish_locked(
    article: Article,
    given: Article,
    by: User | None,
    change_summary: str,
    notify_subscribers: bool,
    content: dict,
) -> PublishedVersion:
    """Publish `content`, the draft that check_step("publish") has just allowed."""
    if PublishedVersion.objects.filter(slug=content["slug"]).exclude(article=article).exists():
        with translation.override(article.language):
            address = reverse("articles:detail", args=[content["slug"]])
        raise ValidationError(
            f"The address {address} belongs to another article. "
            "Change this article's slug, then ask for a new review."
        )

    now = timezone.now()
    reviewed_on = review_date(article, article_content.fingerprint(content), now)
    posted_on = article.posted_on or timezone.localdate(now)
    content["posted_on"] = posted_on.isoformat()
    version_fingerprint = article_content.fingerprint(content)
    if article.live_version and article_content.is_live_content(article.live_version, content):
        raise ValidationError("Nothing has changed since the last publication.")
    number = (article.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    newer = content.get("superseded_by") or {}
    newer_slug = PublishedVersion.objects.live_slugs([newer["id"]]).get(newer["id"]) if newer else None
    if newer and newer_slug is None:
        raise ValidationError(
            f"The newer review this one points to, “{newer['title']}”, is no longer published: "
            "take back the superseded mark, or publish the newer review first."
        )
    if newer and not (article.live_version and article.live_version.superseded_by_id == newer["id"]):
        # A review newly superseded: its followers are always told, and where to go.
        notify_subscribers = True
        if not change_summary.strip():
            address = settings.SITE_URL + reverse("articles:detail", args=[newer_slug])
            change_summary = f"A newer review replaces this one: “{newer['title']}”, {address}"[:300]
    version = PublishedVersion.objects.create(
        article=article,
        number=number,
        published_at=now,
        published_by=by,
        change_summary=change_summary.strip(),
        title=content["title"],
        slug=content["slug"],
        summary=content["summary"],
        posted_on=posted_on,
        body_text=article_text(content).body_text,
        fingerprint=version_fingerprint,
        content=content,
        entry_type=content["entry_type"]["value"],
        superseded_by_id=newer.get("id"),
        language=article.language,
        translated_from_id=article.translated_from_id,
    )
    version.relevant_for.set([a["id"] for a in content["relevant_for"]])
    version.also_relevant_for.set([a["id"] for a in content["also_relevant_for"]])
    version.rating_levels.set(rated_levels(content["ratings"]))

    article.live_version = version
    article.posted_on = posted_on
    clear_schedule(article)
    article.withdrawal_reason = ""
    article.reviewed_on = reviewed_on
    move(
        article,
        given,
        by,
        Action.PUBLISHED,
        State.PUBLISHED,
        fields=["live_version", "posted_on", *SCHEDULE_FIELDS, "withdrawal_reason", "reviewed_on"],
        comment=f"Version {number}" + (f": {version.change_summary}" if version.change_summary else ""),
    )
    given.live_version = version
    generations.bump(PAGES_SCOPE)
    transaction.on_commit(
        lambda: article_published.send(
            sender=Article, article=article, version=version, notify_subscribers=notify_subscribers
        )
    )
    return version


def review_date(article: Article, fingerprint: str, now: datetime.datetime) -> datetime.date:
    """The day the Scientific Advisory Board last confirmed the content being published:
    that of the latest current approval of its draft (`fingerprint`), which may be days
    before a scheduled publication; the publication's own day if there is none."""
    approved_at = current_approvals(article, fingerprint).aggregate(at=Max("created_at"))["at"]
    return timezone.localdate(approved_at or now)


def rated_levels(ratings: list[dict]) -> list[int]:
    """The ids of the RatingLevels a snapshot's ratings name (by scale and level slug), in one query."""
    if not ratings:
        return []
    wanted = Q()
    for rating in ratings:
        wanted |= Q(criterion__slug=rating["criterion"], slug=rating["level_slug"])
    return list(RatingLevel.objects.filter(wanted).values_list("pk", flat=True))


def schedule(
    article: Article,
    *,
    by: User,
    at: datetime.datetime,
    change_summary: str = "",
    notify_subscribers: bool = False,
) -> Article:
    """Publish the approved article at `at`, by a task on the worker, with the change
    summary and the "notify followers" choice the editor made now. When `at` carries a
    named zone (a ZoneInfo: the one the editor typed the time in), messages show the
    time in that zone beside the site's."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("schedule", article, by)
        zone = at.tzinfo.key if isinstance(at.tzinfo, zoneinfo.ZoneInfo) else ""
        at = check_publish_time(at)
        article.scheduled_for = at
        article.scheduled_time_zone = "" if zone == site_time_zone() else zone
        article.scheduled_by = by
        article.scheduled_change_summary = change_summary.strip()
        article.scheduled_notify = bool(notify_subscribers)
        article.schedule_attempts = 0
        article.schedule_problem = ""
        move(
            article,
            given,
            by,
            Action.SCHEDULED,
            State.SCHEDULED,
            fields=SCHEDULE_FIELDS,
            comment=f"For {time_in_zones(at, article.scheduled_time_zone)}",
        )

        from articles.tasks import publish_due_articles

        transaction.on_commit(lambda: publish_due_articles.using(run_after=at).enqueue())
    return given


def unschedule(article: Article, *, by: User) -> Article:
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("unschedule", article, by)
        clear_schedule(article)
        return move(article, given, by, Action.UNSCHEDULED, State.APPROVED, fields=SCHEDULE_FIELDS)


def publish_if_due(article: Article) -> PublishedVersion | None:
    """Publish a scheduled article whose time has come, as the editor who scheduled it,
    with the change summary and notify choice they made. Returns the version, or None
    when it is not due or must not go out (then the editor is told why, and the article
    stays approved if its approval still holds, or goes back to review)."""
    with transaction.atomic():
        article = locked(article)
        if article.state != State.SCHEDULED or article.scheduled_for is None:
            return None
        if article.scheduled_for > timezone.now():
            return None
        editor = article.scheduled_by
        try:
            if editor is None:
                raise PermissionDenied("the editor who scheduled it no longer has an account")
            draft = draft_content(article)
            try:
                check_step("publish", article, editor, draft=draft)
            except PermissionDenied:
                raise PermissionDenied("the editor who scheduled it can no longer publish") from None
            with transaction.atomic():
                return _publish_locked(
                    article,
                    article,
                    editor,
                    article.scheduled_change_summary,
                    article.scheduled_notify,
                    draft[0],
                )
        except (PermissionDenied, ValidationError) as error:
            reason = " ".join(getattr(error, "messages", None) or [str(error)])
            clear_schedule(article)
            have, need = approval_status(article)
            new_state = State.APPROVED if have >= need else State.IN_REVIEW
            move(
                article,
                article,
                None,
                Action.SCHEDULE_FAILED,
                new_state,
                fields=SCHEDULE_FIELDS,
                comment=f"Not published: {reason}",
            )
            tell_editor_schedule_failed(article, editor, reason)
            return None


def schedule_attempt_failed(article: Article, error: Exception) -> datetime.datetime | None:
    """A database error (a lock timeout, say) stopped the scheduled publication of
    `article`. Try again after the next of SCHEDULE_RETRY_DELAYS; after the last, the
    article is "scheduling failed" with the reason, and the editor who scheduled it is
    told. Returns the time of the next try, or None when there is none."""
    from articles.tasks import publish_due_articles

    reason = f"a database error ({type(error).__name__}: {str(error).strip()[:200]})"
    with transaction.atomic():
        given, article = article, locked(article)
        if article.state != State.SCHEDULED:
            return None
        article.schedule_attempts += 1
        article.schedule_problem = reason
        if article.schedule_attempts <= len(SCHEDULE_RETRY_DELAYS):
            retry_at = timezone.now() + SCHEDULE_RETRY_DELAYS[article.schedule_attempts - 1]
            article.save(update_fields=["schedule_attempts", "schedule_problem", "updated_at"])
            record(
                article,
                None,
                Action.SCHEDULE_RETRIED,
                from_state=article.state,
                comment=f"Attempt {article.schedule_attempts} stopped by {reason}; "
                f"trying again at {time_in_zones(retry_at, article.scheduled_time_zone, short=True)}.",
            )
            transaction.on_commit(lambda: publish_due_articles.using(run_after=retry_at).enqueue())
            return retry_at
        editor = article.scheduled_by
        move(
            article,
            given,
            None,
            Action.SCHEDULE_FAILED,
            State.SCHEDULING_FAILED,
            fields=["schedule_attempts", "schedule_problem"],
            comment=f"Not published after {article.schedule_attempts} attempts: {reason}",
        )
        tell_editor_schedule_failed(article, editor, f"{reason} stopped it {article.schedule_attempts} times")
        return None


def withdraw(article: Article, *, by: User, reason: str = "") -> Article:
    """Take the article off every public page, feed and the sitemap; its versions stay
    on record with the reason. Withdrawing an English article withdraws its live
    translations with it, for the same reason: a translation says what its source says."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("withdraw", article, by)
        _withdraw_locked(article, given, by, reason.strip(), reason.strip())
        for translation in Article.objects.filter(translation_of=article, live_version__isnull=False):
            translation = locked(translation)
            if translation.live_version_id is not None:
                comment = f"With its English source “{article.title}”" + (
                    f": {reason.strip()}" if reason.strip() else "."
                )
                _withdraw_locked(translation, translation, by, reason.strip(), comment)
    return given


def _withdraw_locked(article: Article, given: Article, by: User, reason: str, comment: str) -> None:
    article.live_version = None
    article.withdrawal_reason = reason
    clear_schedule(article)
    move(
        article,
        given,
        by,
        Action.WITHDRAWN,
        State.WITHDRAWN,
        fields=["live_version", "withdrawal_reason", *SCHEDULE_FIELDS],
        comment=comment,
    )
    given.live_version = None
    generations.bump(PAGES_SCOPE)
    transaction.on_commit(lambda: article_withdrawn.send(sender=Article, article=article))
