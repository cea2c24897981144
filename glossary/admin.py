from django.contrib import admin

from glossary.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "definition"]
    list_filter = [("name_es", admin.EmptyFieldListFilter)]
    search_fields = ["name", "variants", "definition", "name_es", "variants_es", "definition_es"]
    prepopulated_fields = {"slug": ["name"]}
    # The Spanish right under the English: the translator reads one while writing the other.
    fieldsets = [
        ("English", {"fields": ["name", "slug", "variants", "definition"]}),
        (
            "Spanish",
            {
                "fields": ["name_es", "variants_es", "definition_es"],
                "description": "Spanish articles mark these words and show this definition; "
                "/es/glossary/ lists them. Until both the term and its definition are filled in, "
                "Spanish pages show the English.",
            },
        ),
    ]
