"""The only way an article changes state. Admin actions, buttons, tasks and tests all
call these functions.

    draft ──submit──▶ in review ──approve──▶ approved ──publish──▶ published
      ▲                 │    ▲                  │ schedule            │
      │   request_changes    │ submit           ▼                     │ withdraw
      └──── changes requested┘              scheduled ──(task)──▶ published
                                                                  withdrawn

Each function checks the user's permission and the article's state, and raises
PermissionDenied or ValidationError with a message for the person who tried; when it
refuses, nothing changes. Every step is recorded as a WorkflowEvent.

An approval covers the exact content the reviewer read (its fingerprint): any later
edit makes it stale, and the article needs a new approval before it can go out.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import content as article_content
from articles.models import Article, PublishedVersion, Review, ReviewComment, WorkflowEvent
from articles.signals import article_published, article_withdrawn

State = Article.State
Action = WorkflowEvent.Action


def required_approvals():
    return max(1, int(getattr(settings, "XRAYS_REQUIRED_APPROVALS", 1)))


# --- helpers -----------------------------------------------------------------------


def _require(user, perm, doing):
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to {doing}.")


def _require_state(article, allowed, doing):
    if article.state not in allowed:
        raise ValidationError(f"You cannot {doing} an article that is {article.get_state_display().lower()}.")


def _locked(article):
    """The article's row, locked until the transaction ends: concurrent steps queue up."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _record(article, actor, action, from_state="", comment=""):
    return WorkflowEvent.objects.create(
        article=article,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=article.state,
        comment=comment,
    )


def _move(article, given, actor, action, new_state, fields=(), comment=""):
    """Set the new state, save the named workflow fields, record the step, and keep the
    caller's instance in step with the row."""
    old_state = article.state
    article.state = new_state
    article.save(update_fields=["state", "updated_at", *fields])
    _record(article, actor, action, from_state=old_state, comment=comment)
    for name in ("state", "live_version_id", "posted_on", *fields):
        setattr(given, name, getattr(article, name))
    return article


def draft_content(article):
    """The snapshot of the working copy and its fingerprint (what reviewers approve)."""
    content = article_content.snapshot(article)
    return content, article_content.fingerprint(content)


def authors_of(article):
    """Everyone who wrote any of this article: they may not approve it."""
    ids = set(
        WorkflowEvent.objects.filter(article=article, action__in=[Action.CREATED, Action.EDITED])
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    if article.created_by_id:
        ids.add(article.created_by_id)
    return ids


def current_approvals(article, fingerprint=None):
    """Approvals given to the article's content as it is now, since it was last
    submitted: a new round of review starts from nothing."""
    if fingerprint is None:
        fingerprint = draft_content(article)[1]
    approvals = Review.objects.filter(
        article=article, decision=Review.Decision.APPROVED, fingerprint=fingerprint
    )
    if article.submitted_at:
        approvals = approvals.filter(created_at__gte=article.submitted_at)
    return approvals


def approval_status(article, fingerprint=None):
    """(number of distinct reviewers who approved this exact content, number required)."""
    approvers = current_approvals(article, fingerprint).values("reviewer").distinct().count()
    return approvers, required_approvals()


def _require_current_approval(article, fingerprint, doing):
    have, need = approval_status(article, fingerprint)
    if have < need:
        if Review.objects.filter(article=article, decision=Review.Decision.APPROVED).exists():
            raise ValidationError(
                f"You cannot {doing} this article: it changed after it was approved, "
                "so it needs a new approval."
            )
        raise ValidationError(
            f"You cannot {doing} this article: it needs {need} approval{'s' if need > 1 else ''} "
            f"from the Scientific Advisory Board and has {have}."
        )


def _check_publishable(article, content):
    problems = []
    if not content["sections"]:
        problems.append("it has no sections")
    if not content["summary"].strip():
        problems.append("it has no summary")
    if problems:
        raise ValidationError(f'"{article.title}" is not ready: ' + " and ".join(problems) + ".")


# --- writing -------------------------------------------------------------------------


def record_created(article, by):
    with transaction.atomic():
        article = _locked(article)
        article.last_edited_by = by
        article.last_edited_at = timezone.now()
        article.save(update_fields=["last_edited_by", "last_edited_at"])
        _record(article, by, Action.CREATED)


def record_edit(article, by, fingerprint_before):
    """Called after an editor saved the working copy. Counts the revision and, when the
    content really changed, takes back a state that no longer holds: an approved (or
    published) article with new content is a draft again."""
    with transaction.atomic():
        given = article
        article = _locked(article)
        article.revision += 1
        article.last_edited_by = by
        article.last_edited_at = timezone.now()
        fields = ["revision", "last_edited_by", "last_edited_at"]
        article.save(update_fields=fields)
        for name in fields:
            setattr(given, name, getattr(article, name))
        content, fingerprint = draft_content(article)
        if fingerprint == fingerprint_before:
            return False
        if article.live_version_id and not has_unpublished_changes(article, content):
            # Edited back to what readers see: nothing is pending any more.
            article.scheduled_for = None
            _move(article, given, by, Action.EDITED, State.PUBLISHED, fields=["scheduled_for"])
        elif article.state == State.SCHEDULED:
            scheduler, article.scheduled_for = article.scheduled_by, None
            _move(
                article,
                given,
                by,
                Action.EDITED,
                State.DRAFT,
                fields=["scheduled_for"],
                comment="The scheduled publication is cancelled: the approved text changed.",
            )
            reason = f"{by.get_full_name() or by.get_username()} changed it after it was approved"
            transaction.on_commit(lambda: _tell_editor_schedule_failed(article, scheduler, reason))
        elif article.state in {State.APPROVED, State.PUBLISHED, State.WITHDRAWN}:
            _move(article, given, by, Action.EDITED, State.DRAFT)
        else:
            _record(article, by, Action.EDITED, from_state=article.state)
        return True


# --- review --------------------------------------------------------------------------


def submit_for_review(article, by):
    _require(by, "articles.change_article", "submit articles for review")
    with transaction.atomic():
        given, article = article, _locked(article)
        _require_state(
            article, {State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED, State.WITHDRAWN}, "submit"
        )
        content, fingerprint = draft_content(article)
        _check_publishable(article, content)
        if not has_unpublished_changes(article, content):
            raise ValidationError("Nothing has changed since the published version.")
        article.submitted_at = timezone.now()
        return _move(article, given, by, Action.SUBMITTED, State.IN_REVIEW, fields=["submitted_at"])


def has_unpublished_changes(article, content=None):
    """Whether the draft differs from what readers see (always, when nothing is live)."""
    if article.live_version is None:
        return True
    if content is None:
        content = article_content.snapshot(article)
    posted_on = article.posted_on or timezone.localdate()
    return article.live_version.fingerprint != article_content.fingerprint(
        {**content, "posted_on": posted_on.isoformat()}
    )


def approve(article, by, comment="", seen=None):
    """Approve the draft. `seen` is the fingerprint of the draft the reviewer read (the
    admin sends it); if the draft changed since, the approval is refused."""
    _require(by, "articles.review_article", "approve articles")
    with transaction.atomic():
        given, article = article, _locked(article)
        _require_state(article, {State.IN_REVIEW}, "approve")
        if by.pk in authors_of(article):
            raise PermissionDenied(
                "You cannot approve an article you wrote or edited; another reviewer must."
            )
        _, fingerprint = draft_content(article)
        if seen is not None and seen != fingerprint:
            who = article.last_edited_by
            raise ValidationError(
                f"The draft changed after you opened it ({who.get_username() if who else 'someone'} edited it). "
                "Nothing was approved: read the changes, then approve again."
            )
        Review.objects.create(
            article=article,
            reviewer=by,
            decision=Review.Decision.APPROVED,
            comment=comment.strip(),
            fingerprint=fingerprint,
        )
        have, need = approval_status(article, fingerprint)
        if have >= need:
            return _move(article, given, by, Action.APPROVED, State.APPROVED, comment=comment.strip())
        _record(
            article,
            by,
            Action.APPROVED,
            from_state=article.state,
            comment=f"{comment.strip()}\n({have} of {need} approvals)".strip(),
        )
        return given


def request_changes(article, by, comment):
    _require(by, "articles.review_article", "request changes")
    if not (comment or "").strip():
        raise ValidationError("Say what needs to change, so the author knows what to do.")
    with transaction.atomic():
        given, article = article, _locked(article)
        _require_state(article, {State.IN_REVIEW, State.APPROVED}, "request changes to")
        _, fingerprint = draft_content(article)
        Review.objects.create(
            article=article,
            reviewer=by,
            decision=Review.Decision.CHANGES_REQUESTED,
            comment=comment.strip(),
            fingerprint=fingerprint,
        )
        return _move(
            article, given, by, Action.CHANGES_REQUESTED, State.CHANGES_REQUESTED, comment=comment.strip()
        )


def add_comment(article, by, body, section=None):
    """A reviewer's (or editor's) comment on a section of the draft, or on the whole."""
    if not (by.has_perm("articles.review_article") or by.has_perm("articles.change_article")):
        raise PermissionDenied("You do not have permission to comment on articles.")
    if not (body or "").strip():
        raise ValidationError("Write a comment first.")
    if section is not None and section.article_id != article.pk:
        raise ValidationError("That section belongs to another article.")
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            article=article,
            section=section,
            section_heading=section.heading if section else "",
            author=by,
            body=body.strip(),
        )
        _record(
            article,
            by,
            Action.COMMENTED,
            from_state=article.state,
            comment=f"On “{comment.section_heading or 'the whole article'}”: {comment.body}",
        )
    return comment


def may_resolve_comment(comment, user):
    """The comment's writer, a reviewer or an editor. Having written or edited the
    article is not enough: an author could otherwise clear a reviewer's objection
    with one edit and an undo."""
    return user.is_active and (
        user.pk == comment.author_id
        or user.has_perm("articles.review_article")
        or user.has_perm("articles.publish_article")
    )


def resolve_comment(comment, by):
    if not may_resolve_comment(comment, by):
        raise PermissionDenied("Only the comment's writer, a reviewer or an editor can resolve it.")
    with transaction.atomic():
        comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        if comment.resolved_at:
            raise ValidationError("This comment is already resolved.")
        comment.resolved_at = timezone.now()
        comment.resolved_by = by
        comment.save(update_fields=["resolved_at", "resolved_by"])
        _record(
            comment.article,
            by,
            Action.COMMENT_RESOLVED,
            from_state=comment.article.state,
            comment=comment.body[:200],
        )
    return comment


# --- publication ---------------------------------------------------------------------


def publish(article, by, change_summary="", notify_subscribers=False):
    """Snapshot the approved article as a new PublishedVersion and make it the live one."""
    _require(by, "articles.publish_article", "publish articles")
    with transaction.atomic():
        # Lock the row: two editors publishing at once publish one version, not two.
        given, article = article, _locked(article)
        _require_state(article, {State.APPROVED, State.SCHEDULED}, "publish")
        version = _publish_locked(article, given, by, change_summary, notify_subscribers)
    return version


def _publish_locked(article, given, by, change_summary, notify_subscribers):
    content, fingerprint = draft_content(article)
    _check_publishable(article, content)
    _require_current_approval(article, fingerprint, "publish")
    if PublishedVersion.objects.filter(slug=content["slug"]).exclude(article=article).exists():
        raise ValidationError(
            f"The address /articles/{content['slug']}/ belongs to another article. "
            "Change this article's slug, then ask for a new review."
        )

    now = timezone.now()
    posted_on = article.posted_on or timezone.localdate(now)
    content["posted_on"] = posted_on.isoformat()
    version_fingerprint = article_content.fingerprint(content)
    if article.live_version and article.live_version.fingerprint == version_fingerprint:
        raise ValidationError("Nothing has changed since the last publication.")
    number = (article.versions.aggregate(n=Max("number"))["n"] or 0) + 1
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
        body_text=article_content.plain_text(content),
        fingerprint=version_fingerprint,
        content=content,
    )
    version.relevant_for.set([a["id"] for a in content["relevant_for"]])
    version.also_relevant_for.set([a["id"] for a in content["also_relevant_for"]])

    article.live_version = version
    article.posted_on = posted_on
    article.scheduled_for = None
    article.scheduled_by = None
    article.withdrawal_reason = ""
    _move(
        article,
        given,
        by,
        Action.PUBLISHED,
        State.PUBLISHED,
        fields=["live_version", "posted_on", "scheduled_for", "scheduled_by", "withdrawal_reason"],
        comment=f"Version {number}" + (f": {version.change_summary}" if version.change_summary else ""),
    )
    given.live_version = version
    transaction.on_commit(
        lambda: article_published.send(
            sender=Article, article=article, version=version, notify_subscribers=notify_subscribers
        )
    )
    return version


def schedule(article, by, at):
    """Publish the approved article at `at`, by a task on the worker."""
    _require(by, "articles.publish_article", "schedule articles")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at <= timezone.now() + datetime.timedelta(seconds=30):
        raise ValidationError("Choose a time in the future, or publish now.")
    with transaction.atomic():
        given, article = article, _locked(article)
        _require_state(article, {State.APPROVED, State.SCHEDULED}, "schedule")
        content, fingerprint = draft_content(article)
        _check_publishable(article, content)
        _require_current_approval(article, fingerprint, "schedule")
        article.scheduled_for = at
        article.scheduled_by = by
        _move(
            article,
            given,
            by,
            Action.SCHEDULED,
            State.SCHEDULED,
            fields=["scheduled_for", "scheduled_by"],
            comment=f"For {timezone.localtime(at):%-d %B %Y, %H:%M %Z}",
        )

        from articles.tasks import publish_due_articles

        transaction.on_commit(lambda: publish_due_articles.using(run_after=at).enqueue())
    return given


def unschedule(article, by):
    _require(by, "articles.publish_article", "cancel scheduled publications")
    with transaction.atomic():
        given, article = article, _locked(article)
        _require_state(article, {State.SCHEDULED}, "cancel the schedule of")
        article.scheduled_for = None
        article.scheduled_by = None
        return _move(
            article, given, by, Action.UNSCHEDULED, State.APPROVED, fields=["scheduled_for", "scheduled_by"]
        )


def publish_if_due(article):
    """Publish a scheduled article whose time has come, as the editor who scheduled it.
    Returns the version, or None when it is not due or must not go out (then the
    article goes back for review and the editor is told)."""
    with transaction.atomic():
        article = _locked(article)
        if article.state != State.SCHEDULED or article.scheduled_for is None:
            return None
        if article.scheduled_for > timezone.now():
            return None
        editor = article.scheduled_by
        try:
            if editor is None or not editor.has_perm("articles.publish_article"):
                raise ValidationError("the editor who scheduled it can no longer publish")
            with transaction.atomic():
                return _publish_locked(article, article, editor, "", False)
        except ValidationError as error:
            reason = " ".join(error.messages)
            article.scheduled_for = None
            have, need = approval_status(article)
            new_state = State.APPROVED if have >= need else State.IN_REVIEW
            _move(
                article,
                article,
                None,
                Action.SCHEDULE_FAILED,
                new_state,
                fields=["scheduled_for"],
                comment=f"Not published: {reason}",
            )
            transaction.on_commit(lambda: _tell_editor_schedule_failed(article, editor, reason))
            return None


def _tell_editor_schedule_failed(article, editor, reason):
    from django.core.mail import send_mail
    from django.urls import reverse

    if editor is None or not editor.email:
        return
    url = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    send_mail(
        subject=f"Not published: {article.title}",
        message=(
            f"Hello {editor.get_full_name() or editor.get_username()},\n\n"
            f"“{article.title}” was scheduled to be published, but it was not: {reason}\n\n"
            f"It is back in review. Open it here: {url}\n"
        ),
        from_email=None,
        recipient_list=[editor.email],
    )


def withdraw(article, by, reason=""):
    """Take the article off every public page, feed and the sitemap; its versions stay
    on record with the reason."""
    _require(by, "articles.publish_article", "withdraw articles")
    with transaction.atomic():
        given, article = article, _locked(article)
        if article.live_version_id is None:
            raise ValidationError("This article is not published, so there is nothing to withdraw.")
        article.live_version = None
        article.withdrawal_reason = reason.strip()
        article.scheduled_for = None
        _move(
            article,
            given,
            by,
            Action.WITHDRAWN,
            State.WITHDRAWN,
            fields=["live_version", "withdrawal_reason", "scheduled_for"],
            comment=reason.strip(),
        )
        given.live_version = None
        transaction.on_commit(lambda: article_withdrawn.send(sender=Article, article=article))
    return given
