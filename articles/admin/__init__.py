"""The editorial admin of articles: the article admin with its inlines, workflow pages,
compare and reading level; ratings; the admin of shared content (references, audiences)
as articles see it. It imports the core (models, workflow, snapshot, page), never the
public site (articles.public); make lint checks that rule.

Django's admin discovery imports this package; each module registers its own admins."""

from articles.admin import articles, credits, ratings, shared  # noqa: F401
