"""The articles app's models, one module per concern (articles.models.<name> stays the
place to import them from):

- article: the working copy editors write (`Article`), its type and audiences;
- parts: its sections and ordered lists;
- versions: the published versions readers see;
- review: reviews, comments, the workflow's history and preview links;
- notifications: which workflow emails each member of the team wants;
- review_reminders: the editors' weekly reminder of reviews due, once a week;
- articles.ratings: rating scales and an article's ratings;
- credits: how each reviewer is credited on the public review record.
"""

from articles.models.article import (
    AlsoRelevantAudience,
    Article,
    ArticleQuerySet,
    EntryType,
    OrderedItem,
    RelevantAudience,
)
from articles.models.credits import ReviewerCredit
from articles.models.notifications import EmailPreference
from articles.models.parts import (
    LIST_PARTS,
    RESERVED_ANCHORS,
    Citation,
    ClinicalTrial,
    DoctorQuestion,
    Guideline,
    ListPart,
    Resource,
    Section,
)
from articles.models.ratings import ArticleRating, RatingCriterion, RatingLevel
from articles.models.review import (
    PreviewLink,
    Review,
    ReviewComment,
    ReviewQuerySet,
    WorkflowEvent,
    WorkflowEventQuerySet,
)
from articles.models.review_reminders import ReviewReminder
from articles.models.versions import PublishedVersion, PublishedVersionManager, PublishedVersionQuerySet

__all__ = [
    "AlsoRelevantAudience",
    "Article",
    "ArticleQuerySet",
    "ArticleRating",
    "Citation",
    "EmailPreference",
    "ClinicalTrial",
    "DoctorQuestion",
    "EntryType",
    "Guideline",
    "LIST_PARTS",
    "ListPart",
    "OrderedItem",
    "PreviewLink",
    "PublishedVersion",
    "PublishedVersionManager",
    "PublishedVersionQuerySet",
    "RESERVED_ANCHORS",
    "RatingCriterion",
    "RatingLevel",
    "RelevantAudience",
    "Resource",
    "Review",
    "ReviewComment",
    "ReviewerCredit",
    "ReviewQuerySet",
    "ReviewReminder",
    "Section",
    "WorkflowEvent",
    "WorkflowEventQuerySet",
]
