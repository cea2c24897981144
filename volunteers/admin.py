"""Editors' queue of volunteer offers. What the reader sent is shown read-only; what
editors do with an offer is a step with a page of its own (volunteers/admin_views.py),
taken by the services in volunteers/offers.py. Offers are personal data: only editors
hold the permissions (apps.py)."""

from django.conf import settings
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from volunteers import admin_views
from volunteers.models import VolunteerOffer

READER_SENT = ["name", "email", "kind", "role", "areas", "language_names", "note", "consented_at", "language"]
RECORD = [
    "received_at",
    "status",
    "decided_by",
    "decided_at",
    "preview_link_shown",
    "account_shown",
    "email_status",
    "email_sent_at",
    "email_error",
    "other_offers",
]


class ReviewLanguageFilter(admin.SimpleListFilter):
    title = "reviews in"
    parameter_name = "reviews_in"

    def lookups(self, request, model_admin):
        return [(code, str(name)) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        value = self.value()
        if value in dict(settings.LANGUAGES):  # anything else in the address is ignored
            return queryset.filter(languages__regex=rf"(^| ){value}( |$)")
        return queryset


@admin.register(VolunteerOffer)
class VolunteerOfferAdmin(admin.ModelAdmin):
    change_form_template = "admin/volunteers/volunteeroffer/change_form.html"
    list_display = ["name", "kind", "role", "language_names", "status", "received_at", "offers"]
    list_filter = ["status", "kind", ReviewLanguageFilter, "email_status", "received_at"]
    search_fields = ["name", "email", "role", "areas"]
    date_hierarchy = "received_at"
    readonly_fields = READER_SENT + RECORD
    fieldsets = [
        ("What they sent", {"fields": READER_SENT}),
        ("What the editors did", {"fields": RECORD + ["editor_note"]}),
    ]
    actions = None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_offers_from_address()
            .select_related("decided_by", "account", "preview_link__article")
        )

    def has_add_permission(self, request):
        # Volunteers offer themselves, through the public form.
        return False

    @admin.display(description="Offers from this address", ordering="offers_from_address")
    def offers(self, offer):
        return offer.offers_from_address

    @admin.display(description="Other offers from this address")
    def other_offers(self, offer):
        others = (
            VolunteerOffer.objects.from_address(offer.email).exclude(pk=offer.pk).order_by("-received_at")
        )
        if not others:
            return "None"
        return format_html_join(
            ", ",
            '<a href="{}">{} ({})</a>',
            (
                (
                    reverse("admin:volunteers_volunteeroffer_change", args=[o.pk]),
                    o.received_at.date(),
                    o.get_status_display(),
                )
                for o in others
            ),
        )

    @admin.display(description="Preview link")
    def preview_link_shown(self, offer):
        link = offer.preview_link
        if link is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>, until {}',
            reverse("admin:articles_article_change", args=[link.article_id]) + "#preview-links",
            link.article.title,
            link.expires_at,
        )

    @admin.display(description="Account")
    def account_shown(self, offer):
        if offer.account is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:auth_user_change", args=[offer.account_id]), offer.account
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        steps = admin_views.Steps(self)
        return [
            path("<int:pk>/invite/", view(steps.invite), name="volunteers_volunteeroffer_invite"),
            path("<int:pk>/account/", view(steps.account), name="volunteers_volunteeroffer_account"),
            path(
                "<int:pk>/add-existing-user/",
                view(steps.add_existing_user),
                name="volunteers_volunteeroffer_add_existing_user",
            ),
            path("<int:pk>/decline/", view(steps.decline), name="volunteers_volunteeroffer_decline"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **admin_views.available_steps(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)
