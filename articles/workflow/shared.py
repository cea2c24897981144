"""A change to content that articles share (a reference, an audience, a rating scale) is
an edit of every article that shows it. Each approval covered the content as it was, so
it goes stale, and whoever made the change counts among the article's writers, who may
not approve it. Whatever makes such a change (the admin, a script, a data migration)
records it here; `articles.usage` says which articles show what.

    with workflow.record_shared_change(usage.articles_rated_at(level), by=user) as change:
        level.name = "Weak"
        level.save()
    change.changed  # the articles whose draft it changed, each recorded as edited

When the change is saved in steps (the admin saves a form, then its inlines), take the
drafts' fingerprints first and record once everything is saved:

    change = workflow.start_shared_change(usage.articles_rated_on(criterion))
    …
    changed = change.record(by=user)

Only articles whose draft really changed are recorded: a change no page shows (a
scale's description, a level nobody is rated at) leaves every article as it was.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from articles.models import Article
from articles.snapshot import SNAPSHOT_PREFETCH
from articles.workflow.review import record_edit
from articles.workflow.rules import draft_content


def _fingerprints(pks: Iterable[int]) -> dict[int, str]:
    """{pk: fingerprint of the article's draft}, as the database has it now."""
    articles = Article.objects.filter(pk__in=list(pks)).prefetch_related(*SNAPSHOT_PREFETCH)
    return {article.pk: draft_content(article)[1] for article in articles}


@dataclass
class SharedChange:
    """The drafts of the articles showing some shared content, as they were before a
    change to it. `changed` lists those `record` recorded as edited."""

    articles: list[Article]
    before: dict[int, str]
    changed: list[Article] = field(default_factory=list)

    def record(self, *, by: User) -> list[Article]:
        """Record an edit by `by` of each article whose draft changed since the start
        (or the last record); returns them. The given instances follow their rows."""
        after = _fingerprints(self.before)
        changed = [
            article
            for article in self.articles
            if article.pk in after
            and after[article.pk] != self.before[article.pk]
            and record_edit(article, by=by, fingerprint_before=self.before[article.pk])
        ]
        self.before.update(after)
        self.changed += changed
        return changed


def start_shared_change(articles: Iterable[Article]) -> SharedChange:
    """Take the fingerprints of the drafts of `articles` (e.g. `usage.articles_citing
    (reference)`), before a change to content they show."""
    unique = list({article.pk: article for article in articles}.values())
    return SharedChange(unique, _fingerprints(article.pk for article in unique))


@contextmanager
def record_shared_change(articles: Iterable[Article], *, by: User) -> Iterator[SharedChange]:
    """Around a change to content that `articles` show: afterwards, an edit by `by` is
    recorded on each whose draft changed, in the same transaction as the change."""
    with transaction.atomic():
        change = start_shared_change(articles)
        yield change
        change.record(by=by)
