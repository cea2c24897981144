"""Reader surveys: what editors build (Survey, Question, Choice), which survey each
article invites readers to (the default, or a SurveyAssignment), and what readers
answer (Response, Answer).

A response keeps the article and the number of the version that was live when the
reader answered, and nothing about the reader: no address, no browser, no account.

Once readers have seen a question (a response came in after it was added), its meaning
is fixed: its kind, text, scale and choices cannot change and it cannot be deleted, so
every stored answer keeps meaning what the reader meant. Editors retire it instead;
a retired question is no longer asked, and its answers stay in the results.

Editors write each text in English and, beside it, in Spanish (the `_es` fields): a
survey has a handful of short texts, and a field beside each is what an editor sees
and fills in one form, where a table of translations would hide them behind another
page and join into every survey page and every result. A reader sees their language's
text, or the English where the Spanish is missing (xrays/languages.py). A response
records the language it was answered in, for the results per language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from xrays import generations
from xrays.sanitize import sanitize_html, validate_rich_text
from xrays.slugs import url_slug

# The surveys' content generation: the invitation under each article is cached under it.
SURVEYS = generations.declare("surveys")

# Limits on what a reader may type (characters).
SHORT_TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 2000
# Rating scales run between these bounds, e.g. 1 to 5 or 0 to 10.
LOWEST_SCALE, HIGHEST_SCALE = 0, 10


class SurveyQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class Survey(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The last part of the address, /surveys/this-part/."
    )
    introduction = models.TextField(
        blank=True,
        validators=[validate_rich_text],
        help_text="Shown above the questions. Simple formatting allowed: paragraphs, emphasis, links.",
    )
    invitation = models.CharField(
        max_length=200,
        default="Share your thoughts on this XRAYS article by taking our brief survey",
        help_text="The link text under each article that uses this survey.",
    )
    title_es = models.CharField("title in Spanish", max_length=200, blank=True)
    introduction_es = models.TextField(
        "introduction in Spanish",
        blank=True,
        validators=[validate_rich_text],
        help_text="Leave empty to show Spanish readers the English introduction.",
    )
    invitation_es = models.CharField(
        "invitation in Spanish",
        max_length=200,
        blank=True,
        default="Comparta su opinión sobre este artículo de XRAYS respondiendo nuestra breve encuesta",
        help_text="The link text under each article in Spanish.",
    )
    is_open = models.BooleanField(
        "open", default=True, help_text="Readers can answer. A closed survey shows a short “closed” page."
    )
    is_default = models.BooleanField(
        "site-wide default",
        default=False,
        help_text="Every article invites readers to this survey unless it names another. Only one survey can be the default.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [("view_results", "Can read survey results")]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_survey"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = url_slug(self.slug) or url_slug(self.title, fallback="survey")
        self.introduction = sanitize_html(self.introduction)
        self.introduction_es = sanitize_html(self.introduction_es)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("surveys:answer", args=[self.slug])

    def validate_constraints(self, exclude=None):
        # Name the survey that is the default now, rather than Django's generic message.
        if self.is_default:
            current = Survey.objects.filter(is_default=True).exclude(pk=self.pk).first()
            if current is not None:
                raise ValidationError(
                    {
                        "is_default": f"“{current}” is the site-wide default. Untick it there first: "
                        "only one survey can be the default."
                    }
                )
        super().validate_constraints(exclude)

    def asked_questions(self):
        """The questions readers are asked now, in order, with their choices."""
        return self.questions.filter(retired=False).prefetch_related("choices")


SCALE_MESSAGE = (
    f"A rating scale runs from a lower number to a higher one, between {LOWEST_SCALE} and {HIGHEST_SCALE}."
)


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", "Rating on a scale"
        YES_NO = "yes_no", "Yes or no"
        SINGLE = "single", "One choice"
        MULTIPLE = "multiple", "Several choices"
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})
    # What readers were asked: fixed once they have seen the question.
    MEANING_FIELDS = ("kind", "text", "scale_min", "scale_max", "scale_min_label", "scale_max_label")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField(max_length=300, blank=True, help_text="A hint shown under the question.")
    required = models.BooleanField(default=False, help_text="Readers must answer it.")
    scale_min = models.PositiveSmallIntegerField("scale from", default=1, help_text="Ratings only.")
    scale_max = models.PositiveSmallIntegerField("scale to", default=5, help_text="Ratings only.")
    scale_min_label = models.CharField(
        "label of the lowest", max_length=60, blank=True, help_text='Ratings only, e.g. "Not at all helpful".'
    )
    scale_max_label = models.CharField(
        "label of the highest", max_length=60, blank=True, help_text='Ratings only, e.g. "Very helpful".'
    )
    retired = models.BooleanField(
        default=False, help_text="No longer asked. Its answers stay in the results."
    )
    # The Spanish beside each English text. Not part of the fixed meaning: a translation
    # can be corrected after readers answered (it must keep saying the same thing).
    text_es = models.CharField("question in Spanish", max_length=300, blank=True)
    help_text_es = models.CharField("help text in Spanish", max_length=300, blank=True)
    scale_min_label_es = models.CharField("label of the lowest in Spanish", max_length=60, blank=True)
    scale_max_label_es = models.CharField("label of the highest in Spanish", max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max"), scale_max__lte=HIGHEST_SCALE),
                name="rating_scale_in_order",
                violation_error_message=SCALE_MESSAGE,
            )
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in self.CHOICE_KINDS

    @property
    def scale(self):
        return range(self.scale_min, self.scale_max + 1)

    def has_been_seen(self):
        """Whether a reader may have answered this question: a response to its survey
        came in after it was added. Its meaning is fixed from then on."""
        if self.pk is None:
            return False
        return Response.objects.filter(survey_id=self.survey_id, created_at__gte=self.created_at).exists()

    def clean(self):
        if self.pk is not None and self.has_been_seen():
            stored = Question.objects.get(pk=self.pk)
            changed = [f for f in self.MEANING_FIELDS if getattr(stored, f) != getattr(self, f)]
            if changed:
                raise ValidationError(FIXED_MEANING_MESSAGE)


FIXED_MEANING_MESSAGE = (
    "Readers have answered this question, so what it asks cannot change and it cannot be deleted: "
    "that would change the meaning of their answers. Tick “Retired” to stop asking it (its answers stay "
    "in the results) and add a new question instead."
)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=200)
    text_es = models.CharField("in Spanish", max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        if self.pk is not None and self.question.has_been_seen():
            stored = Choice.objects.get(pk=self.pk)
            if stored.text != self.text:
                raise ValidationError(FIXED_MEANING_MESSAGE)


class SurveyAssignmentQuerySet(generations.GenerationQuerySet, models.QuerySet):
    pass


class SurveyAssignment(models.Model):
    """An article that invites readers to `survey` instead of the site-wide default.
    Kept here, not on the article: `articles` knows nothing of surveys."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="survey_assignment"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="assignments")

    objects = SurveyAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "article using this survey"
        verbose_name_plural = "articles using this survey instead of the default"

    def __str__(self):
        return f"{self.article} → {self.survey}"


class Response(models.Model):
    """One reader's answers to a survey about one article. Nothing about the reader."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="survey_responses")
    version_number = models.PositiveIntegerField(
        help_text="The article's version live when the reader answered."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The language of the survey page the reader answered on.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["survey", "article", "version_number"])]

    def __str__(self):
        return f"Response {self.pk} to {self.survey_id} about article {self.article_id}"


class Answer(models.Model):
    """One answer: a rating (`number`), yes/no (`yes`), one chosen `choice` (a multiple
    choice answer is one row per choice ticked), or `text`."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "choice"], name="answer_choice_once"),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(choice__isnull=True), name="answer_once"
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"


# The invitation under each article is cached until a survey or an assignment changes.
generations.track(Survey, SURVEYS)
generations.track(SurveyAssignment, SURVEYS)
