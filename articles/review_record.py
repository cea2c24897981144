"""The public review record of an article: every version readers were shown, when, what
the editor said changed, who reviewed it (by role; by name only for reviewers who agreed
to be named), the checks that confirmed it without changes, and what changed between
one version and the next.

Readers see only what was published. Everything here is read from PublishedVersion
(its content, date and public change summary), the decision and date of each approval,
the dates of re-confirmations, and ReviewerCredit. Drafts, review comments, the notes
of reviews and workflow steps, withdrawal reasons and preview links are never read, so
no page built from this can show them.

An approval covers the exact content the reviewer read (its fingerprint). A version's
content is that draft with one difference: the first publication writes the posted
date into it when the draft had none. So a version's approvals are those of its own
fingerprint, or of its content without the posted date, made after the version before
it was published and by the time it was.

The record costs the same few queries however many versions an article has.
"""

import datetime
from dataclasses import dataclass, field

from articles.differences import reader_changes
from articles.models import PublishedVersion, Review, WorkflowEvent
from articles.snapshot import fingerprint
from articles.workflow.rules import required_approvals

# The value of a re-confirmation without changes, as a workflow event and as a review
# decision (articles.workflow.reconfirmation); read by value, so that a record kept
# before re-confirmations existed reads the same.
RECONFIRMED = "reconfirmed"
APPROVED = Review.Decision.APPROVED.value


@dataclass(frozen=True)
class NamedReviewer:
    name: str
    role: str


@dataclass
class Reviewers:
    """Who reviewed: how many distinct members, and those who agreed to be named."""

    count: int = 0
    named: list = field(default_factory=list)  # of NamedReviewer


@dataclass
class RecordEntry:
    """One line of the record, newest first: a published `version` (with the
    differences from the one before it) or a re-confirmation (`version` None)."""

    at: datetime.datetime
    reviewers: Reviewers
    version: PublishedVersion | None = None
    changes: list = field(default_factory=list)  # of articles.differences.ReaderChange

    @property
    def is_reconfirmation(self):
        return self.version is None

    @property
    def is_first(self):
        return self.version is not None and self.version.number == 1


def _approved_fingerprints(version):
    """The fingerprints an approval of `version` may carry (see the module docstring)."""
    return {version.fingerprint, fingerprint({**version.content, "posted_on": ""})}


def _reviewers(decisions):
    """Reviewers of `decisions` (rows of _decisions), each counted once."""
    seen, named = set(), []
    for row in decisions:
        if row["reviewer_id"] in seen:
            continue
        seen.add(row["reviewer_id"])
        name = (row["reviewer__reviewer_credit__public_name"] or "").strip()
        if row["reviewer__reviewer_credit__named_publicly"] and name:
            named.append(NamedReviewer(name, (row["reviewer__reviewer_credit__public_role"] or "").strip()))
    return Reviewers(len(seen), sorted(named, key=lambda reviewer: reviewer.name))


def _decisions(article_id):
    """Every approval and re-confirmation of the article, oldest first, with what
    readers may know of the reviewer: one query."""
    return list(
        Review.objects.filter(article_id=article_id, decision__in=[APPROVED, RECONFIRMED])
        .order_by("created_at", "pk")
        .values(
            "reviewer_id",
            "decision",
            "fingerprint",
            "created_at",
            "reviewer__reviewer_credit__named_publicly",
            "reviewer__reviewer_credit__public_name",
            "reviewer__reviewer_credit__public_role",
        )
    )


def review_record(article_id: int, *, references_heading: str = "") -> list[RecordEntry]:
    """The record of the article `article_id`, newest first (see the module docstring)."""
    versions = list(
        PublishedVersion.objects.filter(article_id=article_id)
        .only("article_id", "number", "published_at", "change_summary", "fingerprint", "content", "language")
        .order_by("number")
    )
    decisions = _decisions(article_id)
    reconfirmed_at = list(
        WorkflowEvent.objects.filter(article_id=article_id, action=RECONFIRMED)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)
    )
    entries = []
    previous = None
    for version in versions:
        since = previous.published_at if previous else None
        fingerprints = _approved_fingerprints(version)
        approvals = [
            row
            for row in decisions
            if row["decision"] == APPROVED
            and row["fingerprint"] in fingerprints
            and row["created_at"] <= version.published_at
            and (since is None or row["created_at"] > since)
        ]
        changes = (
            reader_changes(previous.content, version.content, references_heading=references_heading)
            if previous
            else []
        )
        entries.append(RecordEntry(version.published_at, _reviewers(approvals), version, changes))
        previous = version
    entries += _reconfirmations(reconfirmed_at, versions, decisions)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _reconfirmations(reconfirmed_at, versions, decisions):
    """An entry for each completed re-confirmation: the step at which as many different
    reviewers as a publication needs approvals had re-confirmed the article since the
    step before (a publication or an earlier completed re-confirmation). Each reviewer's
    re-confirmation is recorded as it comes; one of several still awaited is not yet a
    check by the Board, and readers are not told of it."""
    publications = [v.published_at for v in versions]
    entries = []
    last_check = None
    for at in reconfirmed_at:
        since = max(
            [step for step in publications if step < at] + ([last_check] if last_check else []), default=None
        )
        reconfirmers = [
            row
            for row in decisions
            if row["decision"] == RECONFIRMED
            and row["created_at"] <= at
            and (since is None or row["created_at"] > since)
        ]
        reviewers = _reviewers(reconfirmers)
        if reviewers.count >= required_approvals():
            entries.append(RecordEntry(at, reviewers))
            last_check = at
    return entries
