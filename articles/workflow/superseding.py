"""Superseded reviews: when newer research changes the picture, an editor marks a
published review as superseded by a newer one. The mark is part of the article's
content (the snapshot's `superseded_by`): it goes to review at once, and once approved
and published the old page carries a banner linking to the newer review, search
engines are sent there, and the page's followers are told (see publication.py)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, WorkflowEvent
from articles.workflow.review import locked, record, record_edit, submit_for_review
from articles.workflow.rules import check_step, draft_content

Action = WorkflowEvent.Action
FIELDS = ["superseded_by", "superseded_note", "updated_at"]


def supersede(article: Article, *, by: User, newer: Article, note: str = "") -> Article:
    """Mark `article` superseded by `newer` (a published article), with an optional
    `note` for readers, and submit it for review. Returns the article."""
    with transaction.atomic():
        given, article = article, locked_with_chain(article, newer)
        check_step("supersede", article, by)
        newer = check_newer(article, newer)
        before = draft_content(article)[1]
        article.superseded_by = newer
        article.superseded_note = " ".join(note.split())[:300]
        article.save(update_fields=FIELDS)
        given.superseded_by, given.superseded_note = article.superseded_by, article.superseded_note
        record(
            article,
            by,
            Action.SUPERSEDED,
            from_state=article.state,
            comment=f"By “{newer.live_version.title if newer.live_version else newer.title}”"
            + (f": {article.superseded_note}" if note else ""),
        )
        record_edit(given, by=by, fingerprint_before=before)
        submit_for_review(given, by=by)
    return given


def unsupersede(article: Article, *, by: User) -> Article:
    """Take back the mark. Like any edit, it needs a review before readers see it, unless
    the mark never reached them."""
    with transaction.atomic():
        given, article = article, locked(article)
        check_step("unsupersede", article, by)
        before = draft_content(article)[1]
        article.superseded_by = None
        article.superseded_note = ""
        article.save(update_fields=FIELDS)
        given.superseded_by, given.superseded_note = None, ""
        record(article, by, Action.UNSUPERSEDED, from_state=article.state)
        record_edit(given, by=by, fingerprint_before=before)
    return given


def check_newer(article: Article, newer: Article | int | None) -> Article:
    """The newer review, if it may replace `article`: another article, published, and
    not leading back to `article` through the marks already made (see `chain_back`).

    The one rule for every way in: `supersede` and the admin's form both ask it."""
    # Read afresh even when given an Article: its state as it stands now.
    newer_pk = newer.pk if isinstance(newer, Article) else newer
    found = Article.objects.select_related("live_version").filter(pk=newer_pk).first() if newer_pk else None
    if found is None or found.pk == article.pk:
        raise ValidationError("Choose another article: the newer review that replaces this one.")
    if found.live_version is None:
        raise ValidationError(f"“{found.title}” is not published: readers could not follow the link to it.")
    if loop := chain_back(found, to=article):
        if len(loop) == 1:
            raise ValidationError(f"“{found.title}” is itself marked superseded by this article.")
        path = " → ".join([*(f"“{title}”" for title in loop), "this article"])
        raise ValidationError(
            f"“{found.title}” already leads back to this article ({path}): marking this one "
            "superseded by it would send readers round in a circle. Mark the older reviews "
            "superseded by the newest one instead."
        )
    return found


def chain_back(newer: Article, *, to: Article) -> list[str]:
    """The titles of the reviews along which the superseded marks lead from `newer`
    back to `to` (`newer` first, `to` left out), or [] if they do not.

    A mark counts whether it is on the live page or only in the draft: a draft's mark
    may be published later, and a loop A → B → C → A would send readers' banners,
    search engines and feeds round in a circle (and drop every page of it from the
    sitemap). Refusing each mark that would close one keeps the marks a set of chains."""
    came_from, titles = _follow_marks(newer.pk)
    if to.pk not in came_from:
        return []
    path: list[str] = []
    step = came_from[to.pk]
    while step is not None:
        path.append(titles[step])
        step = came_from[step]
    return path[::-1]


def locked_with_chain(article: Article, newer: Article | int | None) -> Article:
    """`article`'s row, locked with the rows of every review the marks lead to from
    `newer`, until the transaction ends. Two editors each adding the mark that closes
    a loop (B → C and C → A, with A → B made) lock a row in common, C: the second
    waits, then sees the first one's mark and is refused. Rows are locked in order of
    id, and again if the chain grew meanwhile."""
    newer_pk = newer.pk if isinstance(newer, Article) else newer
    held: set[int] = set()
    while True:
        wanted = {article.pk, *(_follow_marks(newer_pk)[0] if newer_pk else ())}
        if wanted <= held:
            return Article.objects.get(pk=article.pk)
        rows = Article.objects.select_for_update().filter(pk__in=wanted - held).order_by("pk")
        held |= set(rows.values_list("pk", flat=True)) | wanted


def _follow_marks(start: int) -> tuple[dict[int, int | None], dict[int, str]]:
    """Every review the superseded marks (live or in the draft) lead to from the
    review `start`, each with the one it was reached from, and their titles. One query
    per step along the chains, which are short."""
    came_from: dict[int, int | None] = {start: None}
    titles: dict[int, str] = {}
    frontier = {start}
    while frontier:
        rows = Article.objects.filter(pk__in=frontier).values_list(
            "pk", "title", "superseded_by", "live_version__superseded_by"
        )
        frontier = set()
        for pk, title, *marks in rows:
            titles[pk] = title
            for next_pk in {mark for mark in marks if mark is not None} - came_from.keys():
                came_from[next_pk] = pk
                frontier.add(next_pk)
    return came_from, titles
