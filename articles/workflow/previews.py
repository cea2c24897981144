"""Signed preview links: a draft shown, read-only, to an outside expert who has no
account. Sharing and revoking are steps like any other (rules.py says who may take
them), recorded in the article's history; the token names the link and nothing else,
so a revoked or expired link stops working at once."""

import datetime

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, PreviewLink, WorkflowEvent
from articles.snapshot import snapshot
from articles.workflow.review import record
from articles.workflow.rules import check_step
from xrays.dates import long_date

PREVIEW_SALT = "articles.preview-link"


def preview_token(link: PreviewLink) -> str:
    return signing.dumps(link.pk, salt=PREVIEW_SALT)


def preview_link_for(token: str) -> PreviewLink | None:
    """The link a token names (active or not), or None when it names none. Raises
    signing.BadSignature for a token this site did not sign."""
    link_pk = signing.loads(token, salt=PREVIEW_SALT)
    return PreviewLink.objects.select_related("article", "created_by").filter(pk=link_pk).first()


def share_preview(
    article: Article, *, by: User, recipient: str, expires_at: datetime.datetime
) -> PreviewLink:
    """A new link to the draft as it is now, for `recipient` until `expires_at`."""
    check_step("share_preview", article, by)
    if not (recipient or "").strip():
        raise ValidationError("Say who the link is for.")
    with transaction.atomic():
        link = PreviewLink.objects.create(
            article=article,
            content=snapshot(article),
            recipient=recipient.strip(),
            created_by=by,
            expires_at=expires_at,
        )
        record(
            article,
            by,
            WorkflowEvent.Action.PREVIEW_SHARED,
            from_state=article.state,
            comment=f"For {link.recipient}, until {long_date(link.expires_at)}",
        )
    return link


def revoke_preview(link: PreviewLink, *, by: User) -> PreviewLink:
    """Stop `link` working now. Revoking one already revoked is refused, saying so."""
    check_step("share_preview", link.article, by)
    with transaction.atomic():
        link = PreviewLink.objects.select_for_update().select_related("article").get(pk=link.pk)
        if link.revoked_at:
            raise ValidationError("That link was already revoked.")
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(
            link.article,
            by,
            WorkflowEvent.Action.PREVIEW_REVOKED,
            from_state=link.article.state,
            comment=f"For {link.recipient}",
        )
    return link
