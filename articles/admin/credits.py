"""Reviewer credits: whether, and how, each reviewer is named on the public review
record (articles.review_record). Editors (permission `manage_reviewer_credits`) set
anyone's; a reviewer sees and sets only their own, so that being named is their choice."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.models import ReviewerCredit

MANAGE = "articles.manage_reviewer_credits"


def manages_all(user) -> bool:
    return user.has_perm(MANAGE)


def may_review():
    """Active users who may approve articles (directly, by group, or as superusers)."""
    grants = Q(user_permissions__codename="review_article") | Q(
        groups__permissions__codename="review_article"
    )
    return get_user_model().objects.filter(grants | Q(is_superuser=True), is_active=True).distinct()


@admin.register(ReviewerCredit)
class ReviewerCreditAdmin(admin.ModelAdmin):
    list_display = ["user", "named_publicly", "public_name", "public_role", "updated_at"]
    list_filter = ["named_publicly"]
    search_fields = ["public_name", "user__username", "user__first_name", "user__last_name"]
    fields = ["user", "named_publicly", "public_name", "public_role"]

    def get_queryset(self, request):
        credits = super().get_queryset(request).select_related("user")
        return credits if manages_all(request.user) else credits.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return () if manages_all(request.user) else ("user",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = may_review().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        # A reviewer adds their own credit once; an editor adds anyone's.
        return manages_all(request.user) or not ReviewerCredit.objects.filter(user=request.user).exists()

    def has_change_permission(self, request, obj=None):
        own = obj is None or obj.user_id == request.user.pk
        return super().has_change_permission(request, obj) and (manages_all(request.user) or own)

    def has_view_permission(self, request, obj=None):
        own = obj is None or obj.user_id == request.user.pk
        return super().has_view_permission(request, obj) and (manages_all(request.user) or own)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and manages_all(request.user)

    def save_model(self, request, obj, form, change):
        if not manages_all(request.user):
            obj.user = request.user
        super().save_model(request, obj, form, change)
