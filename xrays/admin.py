from django.contrib import admin

from xrays.models import SiteText

admin.site.site_header = "XRAYS editorial"
admin.site.site_title = "XRAYS editorial"
admin.site.index_title = "Articles, references, audiences and site text"


@admin.register(SiteText)
class SiteTextAdmin(admin.ModelAdmin):
    list_display = ["key", "body"]
