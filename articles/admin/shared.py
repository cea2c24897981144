"""Shared content as articles see it: references, audiences and rating scales are shown
by many articles, so a change to one is an edit of each article showing it (see
articles.workflow.shared), and some may not be deleted while articles show them.

Their admins are `xrays.shared_content.SharedContentAdmin`s, registered by the apps that
own them; `follow_shared_content()` (from ArticlesConfig.ready()) has articles follow
each model, so that references and audiences go on knowing nothing of articles."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models

from articles import usage, workflow
from articles.models import RatingCriterion
from audiences.models import Audience
from references.models import Reference
from xrays import shared_content


def shown_on_live_pages(obj) -> list[str]:
    live = list(usage.live_articles_showing(obj))
    if not live:
        return []
    return [
        f"live pages show it ({usage.titles(live)}); publish those articles without it, "
        "or withdraw them, first"
    ]


def nothing_blocks(obj) -> list[str]:
    return []


def cited_by_drafts_or_live_pages(reference) -> list[str]:
    # A draft's text may refer to its references by number: taking one out from under
    # it would renumber the rest. The writer removes it from the article.
    citing = list(usage.articles_citing(reference))
    cited = [f"articles cite it ({usage.titles(citing)}); remove it from their references first"]
    return (cited if citing else []) + shown_on_live_pages(reference)


@dataclass(frozen=True)
class ArticleEdits:
    change: workflow.SharedChange

    def record(self, *, by) -> str | None:
        changed = self.change.record(by=by)
        if not changed:
            return None
        return (
            f"a change to {len(changed)} article{'s' if len(changed) > 1 else ''} "
            f"({', '.join(a.title for a in changed)}): approved or published ones need a new review "
            "before readers see it."
        )


@dataclass(frozen=True)
class ArticlesShowing:
    """Articles follow one kind of shared content: `showing(obj)` gives the articles
    whose draft shows `obj`, `blockers(obj)` why it may not be deleted now."""

    showing: Callable[[models.Model], models.QuerySet]
    blockers: Callable[[models.Model], list[str]] = shown_on_live_pages

    def deletion_blockers(self, obj) -> list[str]:
        return self.blockers(obj)

    def changing(self, objs: Sequence[models.Model]) -> ArticleEdits:
        return ArticleEdits(workflow.start_shared_change(a for obj in objs for a in self.showing(obj)))


def follow_shared_content() -> None:
    shared_content.follow(
        Reference, "articles", ArticlesShowing(usage.articles_citing, blockers=cited_by_drafts_or_live_pages)
    )
    shared_content.follow(Audience, "articles", ArticlesShowing(usage.articles_tagged))
    # A live page keeps the names of the scale and level it was approved with; while any
    # article is rated on a scale or at a level, the database refuses to delete it.
    shared_content.follow(
        RatingCriterion, "articles", ArticlesShowing(usage.articles_rated_on, blockers=nothing_blocks)
    )
