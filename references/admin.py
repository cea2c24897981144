from django.contrib import admin

from references.models import Reference
from xrays.shared_content import SharedContentAdmin


@admin.register(Reference)
class ReferenceAdmin(SharedContentAdmin):
    """A reference is shared by whatever cites it: the apps that do follow each change,
    and may refuse a delete, through xrays.shared_content."""

    list_display = ["title", "publication", "published_on", "kind"]
    list_filter = ["kind", "publication"]
    search_fields = ["title", "authors", "publication", "doi", "pubmed_id"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "authors", "more_authors"]}),
        (
            "Where it was published",
            {"fields": ["publication", "volume", "issue", "pages", "published_on", "published_online_on"]},
        ),
        ("Links", {"fields": ["doi", "pubmed_id", "url"]}),
        ("How it will read", {"fields": ["preview"]}),
    ]

    @admin.display(description="Citation")
    def preview(self, obj):
        return obj.citation_html if obj.pk else "Save to see the citation."
