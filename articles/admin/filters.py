"""The article list's filters: by audience, reviewer, author, language and whether a
translation is out of date."""

from django.conf import settings
from django.contrib import admin

from articles.models import (
    Article,
    Review,
)
from audiences.models import Audience


class OfferedChoiceFilter(admin.SimpleListFilter):
    """A list filter that applies only the values it offers. Anything else in the
    address (a name where a number belongs, a number too big for the database, an
    audience since renamed) shows the list unfiltered, with "All" selected, instead
    of failing in the database."""

    def value(self):
        value = super().value()
        if value is not None and str(value) in {str(choice) for choice, _ in self.lookup_choices}:
            return str(value)
        return None


class AudienceFilter(OfferedChoiceFilter):
    title = "audience"
    parameter_name = "audience"

    def lookups(self, request, model_admin):
        return [(a.slug, a.name) for a in Audience.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            audience = Audience.objects.filter(slug=self.value()).first()
            return queryset.relevant_for(audience) if audience else queryset.none()
        return queryset


class ReviewerFilter(OfferedChoiceFilter):
    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(pk__in=Review.objects.values("reviewer")).order_by("username")
        return [(u.pk, u.get_full_name() or u.get_username()) for u in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(reviews__reviewer_id=self.value()).distinct()
        return queryset


class AuthorFilter(OfferedChoiceFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        users = (
            get_user_model().objects.filter(pk__in=Article.objects.values("created_by")).order_by("username")
        )
        return [(u.pk, u.get_full_name() or u.get_username()) for u in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(created_by_id=self.value())
        return queryset


class LanguageFilter(OfferedChoiceFilter):
    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return list(settings.LANGUAGES)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class TranslationOutOfDateFilter(OfferedChoiceFilter):
    """Translations whose English source was published again since they were made."""

    title = "translation out of date"
    parameter_name = "translation_out_of_date"

    def lookups(self, request, model_admin):
        return [("yes", "Out of date"), ("no", "Up to date")]

    def queryset(self, request, queryset):
        out_of_date = Article.objects.translations_out_of_date().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=out_of_date)
        if self.value() == "no":
            return queryset.filter(translation_of__isnull=False).exclude(pk__in=out_of_date)
        return queryset
