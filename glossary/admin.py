from django.contrib import admin

from glossary.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "definition"]
    search_fields = ["name", "variants", "definition"]
    prepopulated_fields = {"slug": ["name"]}
