"""Where shared content (references, audiences, rating scales) is used: by the articles'
working copies, and by the pages readers see now.

Live pages are rendered from their published snapshot, which names each audience and
reference it shows. An audience deleted under a live page leaves it linking to a page
that no longer exists, and drops the article from that audience's listing; a reference
deleted under one leaves readers a citation nobody can find or correct any more. So
neither may be deleted while a live page shows it, whatever deletes it (the admin, a
script, a shell): `refuse_deleting_what_live_pages_show` guards every delete.
"""

from django.db.models import ProtectedError
from django.db.models.signals import pre_delete

from articles.models import Article, PublishedVersion
from audiences.models import Audience
from references.models import Reference


def articles_tagged(audience):
    """Articles whose working copy is relevant (or also relevant) for `audience`."""
    return Article.objects.relevant_for(audience)


def articles_citing(reference):
    """Articles whose working copy cites `reference`."""
    return Article.objects.filter(citations__reference=reference).distinct()


def articles_rated_on(criterion):
    """Articles whose working copy is rated on the scale `criterion`: each shows the
    scale's name and its level's place on it ("1 of 3"), which any change of the scale
    or its levels may change."""
    return Article.objects.filter(ratings__criterion=criterion).distinct()


def articles_rated_at(level):
    """Articles whose working copy is rated at `level`, and shows its name."""
    return Article.objects.filter(ratings__level=level).distinct()


def live_articles_showing_audience(audience):
    """Articles whose live page lists `audience`."""
    return Article.objects.live_relevant_for(audience).order_by("title")


def live_articles_showing_reference(reference):
    """Articles whose live page cites `reference` (the draft may no longer cite it)."""
    # Only the list of references of each live snapshot is read, not the whole page.
    live = PublishedVersion.objects.live().values_list("article_id", "content__references")
    ids = {article_id for article_id, refs in live if any(r.get("id") == reference.pk for r in refs or [])}
    return Article.objects.filter(pk__in=ids).order_by("title")


def live_articles_showing(obj):
    if isinstance(obj, Audience):
        return live_articles_showing_audience(obj)
    if isinstance(obj, Reference):
        return live_articles_showing_reference(obj)
    return Article.objects.none()


def titles(articles):
    return ", ".join(f"“{article.title}”" for article in articles)


def refuse_deleting_what_live_pages_show(sender, instance, **kwargs):
    articles = list(live_articles_showing(instance))
    if articles:
        raise ProtectedError(
            f"“{instance}” cannot be deleted: live pages show it ({titles(articles)}).",
            set(articles),
        )


def connect():
    for model in (Audience, Reference):
        pre_delete.connect(
            refuse_deleting_what_live_pages_show, sender=model, dispatch_uid=f"protect-live-{model.__name__}"
        )
