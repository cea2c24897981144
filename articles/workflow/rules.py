"""Which step each role may take on an article in which state: the one place these
rules live. The step functions check them before they act, and the admin shows a
button for exactly the steps `available_steps` returns."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles import review_dates
from articles import snapshot as article_content
from articles.models import Article, Review, ReviewComment, WorkflowEvent

State = Article.State
# request.user: the steps' own functions take a User as `by`.
AnyUser = User | AnonymousUser

# A scheduled time leaves the worker time to pick it up, and is a date an editor meant:
# a typo such as the year 9999 is refused rather than stored.
SCHEDULE_MIN_LEAD = datetime.timedelta(seconds=30)
SCHEDULE_HORIZON = datetime.timedelta(days=730)
# A scheduled publication that a database error stopped (a lock timeout, say) is tried
# again after each of these waits; after the last, it is "scheduling failed".
SCHEDULE_RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60)]


@dataclass(frozen=True)
class Step:
    name: str
    permission: str
    doing: str  # "You do not have permission to <doing>."
    verb: str  # "You cannot <verb> an article that is <state>."
    states: frozenset | None = None  # None: in any state
    needs_live_version: bool = False
    not_by_writers: bool = False  # nobody takes it on an article they wrote or edited
    needs_ready_draft: bool = False  # a summary and at least one section
    needs_changes: bool = False  # the draft differs from what readers see
    needs_approval: bool = False  # enough current approvals of this exact draft
    marked_superseded: bool | None = None  # True/False: only when the draft is/is not marked
    # A translation is reviewed against, and shows the shared parts of, its English
    # source's live version: these steps wait while the source is not published.
    needs_live_source: bool = False
    # The superseded mark of a translation is its source's (articles.snapshot).
    for_translations: bool = True
    # Why a step that is not for translations is refused on one, when it is not that mark.
    not_for_translations_because: str = ""
    # The draft is exactly what readers see: a pending edit goes through review instead.
    needs_no_changes: bool = False
    # The article's review falls due within XRAYS_REVIEW_DUE_SOON_DAYS, or is overdue
    # (articles.review_dates).
    needs_review_due: bool = False


STEPS = [
    Step(
        "submit",
        "articles.change_article",
        "submit articles for review",
        "submit",
        frozenset({State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED, State.WITHDRAWN}),
        needs_ready_draft=True,
        needs_changes=True,
        needs_live_source=True,
    ),
    Step(
        "approve",
        "articles.review_article",
        "approve articles",
        "approve",
        frozenset({State.IN_REVIEW}),
        not_by_writers=True,
        needs_live_source=True,
    ),
    Step(
        "request_changes",
        "articles.review_article",
        "request changes",
        "request changes to",
        frozenset({State.IN_REVIEW, State.APPROVED, State.SCHEDULING_FAILED}),
    ),
    Step(
        "publish",
        "articles.publish_article",
        "publish articles",
        "publish",
        frozenset({State.APPROVED, State.SCHEDULED, State.SCHEDULING_FAILED}),
        needs_ready_draft=True,
        needs_approval=True,
        needs_live_source=True,
    ),
    Step(
        "schedule",
        "articles.publish_article",
        "schedule articles",
        "schedule",
        frozenset({State.APPROVED, State.SCHEDULED, State.SCHEDULING_FAILED}),
        needs_ready_draft=True,
        needs_approval=True,
        needs_live_source=True,
    ),
    Step(
        "unschedule",
        "articles.publish_article",
        "cancel scheduled publications",
        "cancel the schedule of",
        frozenset({State.SCHEDULED, State.SCHEDULING_FAILED}),
    ),
    Step("withdraw", "articles.publish_article", "withdraw articles", "withdraw", needs_live_version=True),
    # Superseding changes what readers see (a banner, where search engines are sent, an
    # email to followers) and is a scientific judgement: an editor proposes it on a
    # published article with nothing else pending, and it is reviewed and published
    # like any other change. Taking the mark back is an edit reviewed the same way.
    Step(
        "supersede",
        "articles.publish_article",
        "mark articles superseded",
        "mark superseded",
        frozenset({State.PUBLISHED}),
        needs_live_version=True,
        marked_superseded=False,
        for_translations=False,
    ),
    Step(
        "unsupersede",
        "articles.publish_article",
        "take back a superseded mark",
        "take back the superseded mark of",
        frozenset(set(State) - {State.SCHEDULED, State.SCHEDULING_FAILED}),
        marked_superseded=True,
        for_translations=False,
    ),
    Step("share_preview", "articles.share_preview", "send preview links", "share a preview of"),
    # A reviewer confirms that the page readers see still stands, when its review is
    # due: no new version, no email to followers (articles.workflow.reconfirmation).
    # Translations follow their English source's review.
    Step(
        "reconfirm",
        "articles.review_article",
        "re-confirm articles",
        "re-confirm",
        frozenset({State.PUBLISHED}),
        needs_live_version=True,
        not_by_writers=True,
        needs_no_changes=True,
        needs_review_due=True,
        for_translations=False,
        not_for_translations_because=(
            "A translation follows the review of its English source: re-confirm the English article."
        ),
    ),
]
STEP_NAMES = [step.name for step in STEPS]
_BY_NAME = {step.name: step for step in STEPS}


# --- who may do what, beyond the steps: every permission question about articles -----


def _has(user: AnyUser | None, permission: str) -> bool:
    return user is not None and user.is_active and user.has_perm(permission)


def may_read(user: AnyUser | None) -> bool:
    """Drafts, previews, compare and the review queue: everyone on the editorial team."""
    return _has(user, "articles.view_article")


def may_write(user: AnyUser | None) -> bool:
    return _has(user, "articles.change_article")


def may_review(user: AnyUser | None) -> bool:
    return _has(user, "articles.review_article")


def may_publish(user: AnyUser | None) -> bool:
    return _has(user, "articles.publish_article")


def deletion_refused(article: Article, *, ever_published: bool | None = None) -> str:
    """Why `article` may not be deleted, or "" when it may (`deletion.py` says why).
    `ever_published` saves the query when the caller knows it."""
    if ever_published is None:
        ever_published = article.live_version_id is not None or article.versions.exists()
    if ever_published:
        return (
            f"“{article.title}” was published, so it cannot be deleted: readers, search engines "
            "and followers' emails may point to it, and its versions stay on record. "
            + (
                "It is withdrawn: off the site already."
                if article.state == State.WITHDRAWN
                else "Withdraw it instead."
            )
        )
    if article.state == State.SCHEDULED:
        return f"“{article.title}” is scheduled for publication: cancel the schedule before deleting it."
    return ""


def check_deletable(article: Article, user: AnyUser | None, *, ever_published: bool | None = None) -> None:
    """Raise PermissionDenied or ValidationError, saying why, unless `user` may delete
    `article` now."""
    if not _has(user, "articles.delete_article"):
        raise PermissionDenied("You do not have permission to delete articles.")
    if reason := deletion_refused(article, ever_published=ever_published):
        raise ValidationError(reason)


def reviewers() -> QuerySet[User]:
    """Everyone `may_review` says yes to (active, with the review permission through a
    group, their own permissions or as superuser), in one query."""
    return User.objects.with_perm(
        "articles.review_article", backend="django.contrib.auth.backends.ModelBackend"
    )


def may_comment(user: AnyUser | None) -> bool:
    """Reviewers comment on what they review; writers answer in the same thread."""
    return may_review(user) or may_write(user)


def may_resolve_comment(comment: ReviewComment, user: AnyUser | None) -> bool:
    """The comment's writer, a reviewer or an editor. Having written or edited the
    article is not enough: an author could otherwise clear a reviewer's objection
    with one edit and an undo."""
    return user is not None and (
        (user.is_active and user.pk == comment.author_id) or may_review(user) or may_publish(user)
    )


def writers_of_each(articles: Sequence[Article]) -> dict[int, set[int]]:
    """{article pk: ids of everyone who wrote any of it}, in one query. Writers may
    not approve what they wrote."""
    writers: dict[int, set[int]] = {
        article.pk: {article.created_by_id} if article.created_by_id is not None else set()
        for article in articles
    }
    events = WorkflowEvent.objects.filter(
        article__in=list(writers), action__in=[WorkflowEvent.Action.CREATED, WorkflowEvent.Action.EDITED]
    ).exclude(actor=None)
    for article_id, actor_id in events.values_list("article_id", "actor_id"):
        writers[article_id].add(actor_id)
    return writers


def writers_of(article: Article) -> set[int]:
    return writers_of_each([article])[article.pk]


def draft_content(article: Article) -> tuple[dict, str]:
    """The snapshot of the working copy and its fingerprint (what reviewers approve)."""
    content = article_content.snapshot(article)
    return content, article_content.fingerprint(content)


def _current_approvals_of(article: Article, fingerprint: str) -> Q:
    """Approvals of this exact content since the article was last submitted: a new
    round of review starts from nothing."""
    condition = Q(article=article, decision=Review.Decision.APPROVED, fingerprint=fingerprint)
    if article.submitted_at:
        condition &= Q(created_at__gte=article.submitted_at)
    return condition


def current_approvals(article: Article, fingerprint: str | None = None) -> QuerySet[Review]:
    """The Reviews that approve the article's content as it is now, in this round."""
    if fingerprint is None:
        fingerprint = draft_content(article)[1]
    return Review.objects.filter(_current_approvals_of(article, fingerprint))


def approvers_of_each(articles: Sequence[Article], fingerprints: dict[int, str]) -> dict[int, set[int]]:
    """{article pk: ids of the reviewers who approved its content as it is now}, in one
    query; `fingerprints` is {article pk: fingerprint of its draft}."""
    approvers: dict[int, set[int]] = {article.pk: set() for article in articles}
    if not approvers:
        return approvers
    condition = Q()
    for article in articles:
        condition |= _current_approvals_of(article, fingerprints[article.pk])
    for article_id, reviewer_id in Review.objects.filter(condition).values_list("article_id", "reviewer_id"):
        approvers[article_id].add(reviewer_id)
    return approvers


def approval_status(article: Article, fingerprint: str | None = None) -> tuple[int, int]:
    """(number of distinct reviewers who approved this exact content, number required)."""
    approvers = current_approvals(article, fingerprint).values("reviewer").distinct().count()
    return approvers, required_approvals()


def require_current_approval(article: Article, fingerprint: str, doing: str) -> None:
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


def check_publishable(article: Article, content: dict) -> None:
    problems = []
    if not content["sections"]:
        problems.append("it has no sections")
    if not content["summary"].strip():
        problems.append("it has no summary")
    if problems:
        raise ValidationError(f'"{article.title}" is not ready: ' + " and ".join(problems) + ".")


def has_unpublished_changes(article: Article, content: dict | None = None) -> bool:
    """Whether the draft differs from what readers see (always, when nothing is live)."""
    if article.live_version is None:
        return True
    if content is None:
        content = article_content.snapshot(article)
    posted_on = article.posted_on or timezone.localdate()
    return not article_content.is_live_content(
        article.live_version, {**content, "posted_on": posted_on.isoformat()}
    )


def check_step(
    name: str,
    article: Article,
    user: AnyUser | None,
    *,
    writers: set[int] | None = None,
    draft: tuple[dict, str] | None = None,
) -> None:
    """Raise PermissionDenied or ValidationError, saying why, unless `user` may take the
    step `name` on `article` as it is now. `writers` (writers_of) and `draft`
    (draft_content) save work when the caller has them already."""
    step = _BY_NAME[name]
    if user is None or not user.is_active or not user.has_perm(step.permission):
        raise PermissionDenied(f"You do not have permission to {step.doing}.")
    if step.states is not None and article.state not in step.states:
        raise ValidationError(
            f"You cannot {step.verb} an article that is {article.get_state_display().lower()}."
        )
    if step.needs_live_version and article.live_version_id is None:
        raise ValidationError(f"You cannot {step.verb} this article: it is not published.")
    if article.translation_of_id is not None:
        if not step.for_translations:
            raise ValidationError(
                step.not_for_translations_because
                or "A translation has the superseded mark of its English source: "
                "change the mark on the English article."
            )
        if step.needs_live_source and not _source_is_live(article):
            raise ValidationError(
                f"You cannot {step.verb} this translation: its English source is not published. "
                "Publish the English article first."
            )
    if step.marked_superseded is not None and bool(article.superseded_by_id) != step.marked_superseded:
        raise ValidationError(
            f"You cannot {step.verb} this article: it is "
            + ("already marked superseded." if article.superseded_by_id else "not marked superseded.")
        )
    if step.not_by_writers and user.pk in (writers_of(article) if writers is None else writers):
        raise PermissionDenied(
            f"You cannot {step.verb} an article you wrote or edited; another reviewer must."
        )
    if step.needs_review_due and not is_review_due_soon(article, timezone.localdate()):
        raise ValidationError(
            f"You cannot {step.verb} this article yet: its review is due on {article.next_review_due:%Y-%m-%d}."
        )
    if step.needs_ready_draft or step.needs_changes or step.needs_approval or step.needs_no_changes:
        content, fingerprint = draft or draft_content(article)
        if step.needs_ready_draft:
            check_publishable(article, content)
        if step.needs_changes and not has_unpublished_changes(article, content):
            raise ValidationError("Nothing has changed since the published version.")
        if step.needs_no_changes and has_unpublished_changes(article, content):
            raise ValidationError(
                f"You cannot {step.verb} this article: its draft has changes readers do not see yet. "
                "Review those changes instead; publishing them records a new review date."
            )
        if step.needs_approval:
            require_current_approval(article, fingerprint, step.verb)


def is_review_due_soon(article: Article, today: datetime.date) -> bool:
    """Whether `article`'s review is overdue or due within XRAYS_REVIEW_DUE_SOON_DAYS of
    `today` (the same rule as Article.objects.review_overdue and review_due_soon)."""
    due = article.next_review_due
    return due is None or due <= today + datetime.timedelta(days=review_dates.due_soon_days())


def _source_is_live(translation: Article) -> bool:
    if translation.translation_of_id is None:
        return False
    return Article.objects.filter(pk=translation.translation_of_id, live_version__isnull=False).exists()


def available_steps(article: Article, user: AnyUser, draft: tuple[dict, str] | None = None) -> list[str]:
    """The names of the steps `user` may take on `article` now, in the order of STEPS.
    `draft` (draft_content) saves computing it again."""
    writers = writers_of(article) if user.has_perm("articles.review_article") else set()
    draft = draft or draft_content(article)
    available = []
    for name in STEP_NAMES:
        try:
            check_step(name, article, user, writers=writers, draft=draft)
        except (PermissionDenied, ValidationError):
            continue
        available.append(name)
    return available


def check_publish_time(at: datetime.datetime) -> datetime.datetime:
    """The one rule for a scheduled time: at least SCHEDULE_MIN_LEAD ahead and no more
    than SCHEDULE_HORIZON. Returns the time, made aware if it was naive."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    now = timezone.now()
    try:
        too_late = at > now + SCHEDULE_HORIZON
    except OverflowError:  # so far ahead that it has no UTC equivalent
        too_late = True
    if too_late:
        raise ValidationError(
            "Choose a time within the next two years. For a later date, schedule it nearer the time."
        )
    if at < now + SCHEDULE_MIN_LEAD:
        raise ValidationError("Choose a time in the future, or publish now.")
    return at


def required_approvals() -> int:
    return max(1, int(getattr(settings, "XRAYS_REQUIRED_APPROVALS", 1)))
