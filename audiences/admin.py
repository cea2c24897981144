from django.contrib import admin

from audiences.models import Audience
from xrays.shared_content import SharedContentAdmin


@admin.register(Audience)
class AudienceAdmin(SharedContentAdmin):
    """An audience is shared by whatever is written for it: the apps that show it follow
    each change, and may refuse a delete, through xrays.shared_content."""

    list_display = ["name", "name_es", "slug"]
    search_fields = ["name", "name_es", "description", "description_es"]
    prepopulated_fields = {"slug": ["name"]}
