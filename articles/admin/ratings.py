"""The admin of ratings: an article's ratings (an inline on its page) and the rating
scales, which editors extend as data."""

from django import forms
from django.contrib import admin

from articles.models import ArticleRating, RatingCriterion, RatingLevel
from articles.models.ratings import filter_slug
from xrays.shared_content import SharedContentAdmin
from xrays.text_fields import TEXTAREA_FIELDS


class ArticleRatingForm(forms.ModelForm):
    class Meta:
        model = ArticleRating
        fields = ["criterion", "level", "rationale", "evidence"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 3, "cols": 40}),
            "evidence": forms.Textarea(attrs={"rows": 3, "cols": 30}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each level names its scale ("Research timeline: Pre-clinical"): one query for all.
        self.fields["level"].queryset = RatingLevel.objects.select_related("criterion")


class ArticleRatingInline(admin.TabularInline):
    """Ratings are part of the article: a change to one is reviewed like any other."""

    model = ArticleRating
    form = ArticleRatingForm
    formfield_overrides = TEXTAREA_FIELDS  # the reasons, read as typed (xrays/text_fields.py)
    extra = 0
    verbose_name = "rating"
    verbose_name_plural = "ratings (at a glance, with the reason for each)"


class RatingLevelForm(forms.ModelForm):
    class Meta:
        model = RatingLevel
        fields = ["name", "name_es", "slug", "order"]

    def clean(self):
        # The slug comes from the name when left empty, here rather than on save, so that
        # two levels named alike are caught as duplicates with the form kept.
        cleaned = super().clean()
        if cleaned.get("name") or cleaned.get("slug"):
            cleaned["slug"] = filter_slug(cleaned.get("slug") or cleaned["name"], "level")
        return cleaned


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    form = RatingLevelForm
    extra = 0


@admin.register(RatingCriterion)
class RatingCriterionAdmin(SharedContentAdmin):
    """Renaming a scale or a level changes the draft of every article rated on it, which
    then needs a new review; published pages keep the names they were approved with.
    Articles follow the scale as shared content (articles/admin/shared.py): a change to
    it or its levels is recorded as an edit of each article whose draft it changed."""

    list_display = ["name", "name_es", "levels_in_order", "asks_for_evidence", "order"]
    # The Spanish beside the English: Spanish pages show it (articles/templatetags/
    # rating_names.py), and, being only a name, it changes no article's draft.
    fields = ["name", "name_es", "slug", "description", "description_es", "asks_for_evidence", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingLevelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")

    @admin.display(description="Levels, lowest first")
    def levels_in_order(self, obj):
        return " · ".join(level.name for level in obj.levels.all())
