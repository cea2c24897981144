"""The only way an article changes state. Admin actions, buttons, tasks and tests all
call these functions.

    draft ──submit──▶ in review ──approve──▶ approved ──publish──▶ published
      ▲                 │    ▲                  │ schedule            │
      │   request_changes    │ submit           ▼                     │ withdraw
      └──── changes requested┘              scheduled ──(task)──▶ published
                                                                  withdrawn
    published ──supersede (editor)──▶ in review ──…──▶ published, with a banner

Each function checks the user's permission and the article's state, and raises
PermissionDenied or ValidationError with a message for the person who tried; when it
refuses, nothing changes. Every step is recorded as a WorkflowEvent.

An approval covers the exact content the reviewer read (its fingerprint): any later
edit makes it stale, and the article needs a new approval before it can go out.

    rules.py        which step each role may take in which state (STEPS), and
                    `available_steps(article, user)`, from which the admin's buttons come
    review.py       edits, submission, approval, requests for changes, comments
    publication.py  publish, schedule, the scheduled run, unschedule, withdraw
    previews.py     share a draft with an outside expert by a signed link, revoke it
    superseding.py  mark a review superseded by a newer one (then reviewed), take it back
    reconfirmation.py  re-confirm a published article whose review is due, without a
                    new version: it records a new review date (articles.review_dates)
    deletion.py     delete a draft that never reached readers, with its record
    notices.py      tell the editor who scheduled an article that it did not go out,
                    reviewers that an article waits for them, and its writers that it was
                    approved or sent back (the worker sends the emails: articles/tasks.py,
                    articles/emails.py)
    shared.py       a change to shared content (a reference, an audience, a rating scale)
                    is an edit of every article whose draft it changes
"""

from articles.workflow.deletion import delete_draft, delete_drafts
from articles.workflow.notices import tell_editor_schedule_failed
from articles.workflow.previews import preview_token, revoke_preview, share_preview
from articles.workflow.publication import (
    publish,
    publish_if_due,
    schedule,
    schedule_attempt_failed,
    unschedule,
    withdraw,
)
from articles.workflow.reconfirmation import reconfirm, reconfirmation_status, review_interval_changed
from articles.workflow.review import (
    add_comment,
    approve,
    record_created,
    record_edit,
    request_changes,
    resolve_comment,
    submit_for_review,
)
from articles.workflow.rules import (
    STEP_NAMES,
    approval_status,
    approvers_of_each,
    available_steps,
    check_deletable,
    check_publish_time,
    check_step,
    current_approvals,
    deletion_refused,
    draft_content,
    has_unpublished_changes,
    may_comment,
    may_publish,
    may_read,
    may_resolve_comment,
    may_review,
    may_write,
    required_approvals,
    writers_of,
    writers_of_each,
)
from articles.workflow.shared import SharedChange, record_shared_change, start_shared_change
from articles.workflow.superseding import supersede, unsupersede

# Under its old name: "authors" in the sense of everyone who wrote any of the article.
authors_of = writers_of

__all__ = [
    "STEP_NAMES",
    "SharedChange",
    "add_comment",
    "approval_status",
    "approvers_of_each",
    "approve",
    "authors_of",
    "available_steps",
    "check_deletable",
    "check_publish_time",
    "check_step",
    "current_approvals",
    "delete_draft",
    "delete_drafts",
    "deletion_refused",
    "draft_content",
    "has_unpublished_changes",
    "may_comment",
    "may_publish",
    "may_read",
    "may_resolve_comment",
    "may_review",
    "may_write",
    "preview_token",
    "publish",
    "publish_if_due",
    "reconfirm",
    "reconfirmation_status",
    "record_created",
    "record_edit",
    "record_shared_change",
    "request_changes",
    "required_approvals",
    "resolve_comment",
    "review_interval_changed",
    "revoke_preview",
    "schedule",
    "schedule_attempt_failed",
    "share_preview",
    "start_shared_change",
    "submit_for_review",
    "supersede",
    "tell_editor_schedule_failed",
    "unschedule",
    "unsupersede",
    "withdraw",
    "writers_of",
    "writers_of_each",
]
