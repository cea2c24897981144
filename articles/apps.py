from django.apps import AppConfig

from xrays.roles import AUTHORS, EDITORS, REVIEWERS, model_perms

_CONTENT = [
    "article",
    "section",
    "doctorquestion",
    "clinicaltrial",
    "guideline",
    "resource",
    "citation",
    "articlerating",
]
# The rating scales are data editors keep; everyone reads them.
_SCALES = ["ratingcriterion", "ratinglevel"]
_RECORDS = ["publishedversion", "review", "reviewcomment", "workflowevent", "previewlink"]
_READ_ALL = model_perms(["view"], *_CONTENT, *_RECORDS, *_SCALES)
# How reviewers are named on the public review record: each reviewer sets their own
# (articles/admin/credits.py keeps them to it); editors set anyone's.
_OWN_CREDIT = model_perms(["view", "add", "change"], "reviewercredit")


class ArticlesConfig(AppConfig):
    name = "articles"

    # Reviewers read everything, comment, approve or request changes; they edit nothing.
    # Authors write drafts; editors also publish, schedule, withdraw and share previews.
    editorial_roles = {
        AUTHORS: _READ_ALL
        + model_perms(["add", "change"], "article")
        + model_perms(["add", "change", "delete"], *_CONTENT[1:]),
        REVIEWERS: _READ_ALL + ["review_article"] + _OWN_CREDIT,
        EDITORS: _READ_ALL
        + model_perms(["add", "change", "delete"], *_CONTENT, *_SCALES)
        + model_perms(["view", "add", "change", "delete"], "reviewercredit")
        + ["publish_article", "review_article", "share_preview", "manage_reviewer_credits"],
    }

    def ready(self):
        from articles import usage
        from articles.tasks import enqueue_due_publications
        from xrays.signals import worker_ready

        usage.connect()
        # Changing a reference, an audience or a rating scale in its admin is an edit of
        # every article showing it; deleting one that live pages show is refused.
        from articles.admin.shared import follow_shared_content

        follow_shared_content()
        # A scheduled publication whose task a database outage lost is picked up again.
        worker_ready.connect(enqueue_due_publications, dispatch_uid="articles.enqueue_due_publications")
        # SQLite loses the search index's triggers when a migration remakes the
        # versions table: they are put back after every migrate.
        from django.db.models.signals import post_migrate

        from articles.search_document import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="articles.search_triggers")
