"""Every change to a suggestion: received from the form, recognised as a story already
suggested or reviewed, accepted (a draft article started from it), declined, marked a
duplicate, and the reader's address forgotten.

Views, admin buttons, tasks and tests all call these. Each decision is one transaction
that locks the suggestion first, so two editors deciding at once cannot both succeed:
the second is told it was already decided. The one email a decision sends is enqueued
when the transaction commits (suggestions/tasks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import workflow
from articles.models import Article, Citation
from references.models import Reference
from suggestions import links
from suggestions.models import Suggestion
from xrays.slugs import url_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


# --- recognising a story already suggested or reviewed ----------------------------


def references_to(link: str) -> list[Reference]:
    """The references kept for the story at `link`: the same link (links.link_key) or
    the same DOI. Candidates are narrowed in the database (the host, or the DOI, in the
    reference's link), then compared exactly here."""
    key, doi = links.link_key(link), links.doi_in(link)
    host = (urlsplit(link).hostname or "").lower().removeprefix("www.")
    candidates = Q(url__icontains=host) if host else Q(pk__in=[])
    if doi:
        candidates |= Q(doi__iexact=doi) | Q(url__icontains=doi)
    return [
        reference
        for reference in Reference.objects.filter(candidates).order_by("pk")
        if (reference.url and links.link_key(reference.url) == key)
        or (doi and (reference.doi.lower() == doi or links.doi_in(reference.url) == doi))
    ]


def article_with_original_story(link: str) -> Article | None:
    """The (first) article whose original story is the story at `link`; None if none."""
    citation = (
        Citation.objects.filter(is_original_story=True, reference__in=references_to(link))
        .select_related("article")
        .order_by("article_id")
        .first()
    )
    return citation.article if citation else None


def earlier_suggestion(link: str) -> Suggestion | None:
    """The first suggestion of the same story (same link_key, or same DOI)."""
    doi = links.doi_in(link)
    same = Q(link_key=links.link_key(link)) | (Q(doi=doi) if doi else Q(pk__in=[]))
    return Suggestion.objects.filter(same).order_by("received_at", "pk").first()


# --- from the form -------------------------------------------------------------------


def receive_suggestion(
    *, link: str, why: str, email: str = "", language: str, came_from: str = ""
) -> Suggestion:
    """Keep a reader's suggestion. One of a story already suggested, or already the
    original story of an article, is marked a duplicate of it for the editors (the
    reader is told nothing of it)."""
    with transaction.atomic():
        duplicate_of_suggestion = earlier_suggestion(link)
        duplicate_of_article = article_with_original_story(link)
        return Suggestion.objects.create(
            link=link,
            link_key=links.link_key(link),
            doi=links.doi_in(link)[:200],
            why=why,
            email=email,
            language=language,
            came_from=came_from[:250],
            duplicate_of_suggestion=duplicate_of_suggestion,
            duplicate_of_article=duplicate_of_article,
            status=(
                Suggestion.Status.DUPLICATE
                if duplicate_of_suggestion or duplicate_of_article
                else Suggestion.Status.NEW
            ),
        )


# --- editors' decisions ----------------------------------------------------------------


def may_decide(user: User | None) -> bool:
    return bool(user and user.is_active and user.has_perm("suggestions.change_suggestion"))


def may_accept(user: User | None) -> bool:
    """Accepting starts a draft: it takes the right to decide and to write articles."""
    return may_decide(user) and user.has_perm("articles.add_article")


def _locked_undecided(suggestion: Suggestion) -> Suggestion:
    row = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if row.is_decided:
        who = f" by {row.decided_by}" if row.decided_by_id else ""
        raise ValidationError(
            f"This suggestion was already {row.get_status_display().lower()}"
            f" on {timezone.localtime(row.decided_at):%Y-%m-%d %H:%M}{who}. It can be decided only once."
        )
    return row


def _decided(row: Suggestion, by: User, status: str, **fields) -> Suggestion:
    row.status = status
    row.decided_at = timezone.now()
    row.decided_by = by
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def _email_the_reader(row: Suggestion) -> None:
    """Mark the decision's email due and have the worker send it once this commits."""
    from suggestions.tasks import send_decision_email

    if not row.email:
        return
    row.email_status = Suggestion.EmailStatus.DUE
    row.save(update_fields=["email_status"])
    transaction.on_commit(lambda: send_decision_email.enqueue(row.pk))


def accept_suggestion(suggestion: Suggestion, *, by: User, title: str | None = None) -> Article:
    """Accept the suggestion and start a draft article to review it: titled `title` (or
    a placeholder made from the link), the link as its original story, made by `by`.
    The reader who left an address gets one email saying it will be reviewed."""
    if not may_accept(by):
        raise PermissionDenied("You do not have permission to accept suggestions and start articles.")
    title = " ".join((title or "").split())[:250]
    with transaction.atomic():
        row = _locked_undecided(suggestion)
        title = title or links.title_from(row.link)
        article = Article(
            title=title, slug=Article.objects.free_slug(url_slug(title, "suggested-story")[:200]), summary=""
        )
        article.created_by = by
        article.save()
        Citation.objects.create(
            article=article,
            reference=original_story_reference(row.link, title),
            is_original_story=True,
            order=1,
        )
        workflow.record_created(article, by=by)
        _decided(row, by, Suggestion.Status.ACCEPTED, article=article)
        _email_the_reader(row)
    suggestion.refresh_from_db()
    return article


def decline_suggestion(suggestion: Suggestion, *, by: User, note: str = "") -> Suggestion:
    """Decline the suggestion; the reader who left an address gets one email saying so,
    with `note` if given."""
    if not may_decide(by):
        raise PermissionDenied("You do not have permission to decide on suggestions.")
    with transaction.atomic():
        row = _locked_undecided(suggestion)
        _decided(row, by, Suggestion.Status.DECLINED, note_to_reader=(note or "").strip()[:2000])
        _email_the_reader(row)
    suggestion.refresh_from_db()
    return suggestion


def mark_duplicate(
    suggestion: Suggestion,
    *,
    by: User,
    of_suggestion: Suggestion | None = None,
    of_article: Article | None = None,
) -> Suggestion:
    """Mark the suggestion a duplicate of another suggestion or of an article (by
    default, what was recognised when it arrived). The reader is not emailed."""
    if not may_decide(by):
        raise PermissionDenied("You do not have permission to decide on suggestions.")
    with transaction.atomic():
        row = _locked_undecided(suggestion)
        of_suggestion = of_suggestion or (None if of_article else row.duplicate_of_suggestion)
        of_article = of_article or (None if of_suggestion else row.duplicate_of_article)
        if of_suggestion is not None and of_suggestion.pk == row.pk:
            raise ValidationError("A suggestion cannot be a duplicate of itself.")
        if of_suggestion is None and of_article is None:
            raise ValidationError("Say which suggestion or article this one repeats.")
        _decided(
            row,
            by,
            Suggestion.Status.DUPLICATE,
            duplicate_of_suggestion=of_suggestion,
            duplicate_of_article=of_article,
        )
    suggestion.refresh_from_db()
    return suggestion


# --- the reader's address ----------------------------------------------------------------


def forget_address(suggestion: Suggestion) -> int:
    """Erase the address of `suggestion` from every suggestion that reader sent, so that
    nothing more is sent to it; returns how many suggestions held it."""
    email = suggestion.email
    if not email:
        return 0
    with transaction.atomic():
        held = Suggestion.objects.filter(email__iexact=email)
        held.filter(email_status__in=[Suggestion.EmailStatus.DUE]).update(
            email_status=Suggestion.EmailStatus.NOT_SENT
        )
        return held.update(email="")


# --- what a draft is made of ---------------------------------------------------------------


def original_story_reference(link: str, title: str) -> Reference:
    """The reference for `link`: the one already kept for its DOI or the same link, or
    a new news story (its title a placeholder for the editor to correct)."""
    known = references_to(link)
    if known:
        return known[0]
    host = (urlsplit(link).hostname or "").lower().removeprefix("www.")
    limit = Reference._meta.get_field("url").max_length or 500
    # A reference's link holds 500 characters: a longer link is kept without its
    # tracking parameters, or left for the editor (the suggestion keeps it whole).
    url = next(
        (candidate for candidate in (link, links.normalised_link(link)) if len(candidate) <= limit), ""
    )
    return Reference.objects.create(
        kind=Reference.Kind.NEWS_STORY,
        title=title[:500],
        publication=host[:200],
        url=url,
        doi=links.doi_in(link)[:200],
    )
