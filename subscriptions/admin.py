"""Editors' view of followers and notices. Addresses are personal data: only editors
hold the permissions (see apps.py); exports need their own permission and are recorded
in the admin log."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from subscriptions import follow, notices
from subscriptions.models import Delivery, Notice, Subscriber, Subscription
from xrays.read_only_admin import ReadOnlyAdminMixin


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["article", "audience", "frequency", "created_at", "confirmed_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "created_at", "confirmed_at", "refused_at", "refusal"]
    list_filter = [
        "language",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("refused_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    # The language is the reader's choice (their manage page), not the editors'.
    readonly_fields = ["email", "language", "created_at", "confirmed_at", "refused_at", "refusal"]
    fields = readonly_fields
    inlines = [SubscriptionInline]
    actions = ["export_csv", "clear_refusal"]

    def has_add_permission(self, request):
        # Readers add themselves, with their own confirmation.
        return False

    @admin.action(description="Export selected addresses as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="xrays-subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "created_at", "confirmed_at", "mail_refused_at"])
        rows = queryset.order_by("email").values_list("email", "created_at", "confirmed_at", "refused_at")
        for email, created, confirmed, refused in rows.iterator():
            # A leading = + - @ would run as a formula in a spreadsheet.
            safe = "'" + email if email[:1] in "=+-@" else email
            writer.writerow(
                [
                    safe,
                    created.isoformat(),
                    confirmed and confirmed.isoformat(),
                    refused and refused.isoformat(),
                ]
            )
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=queryset,
            action_flag=CHANGE,
            change_message="Exported as CSV",
            single_object=False,
        )
        return response

    def has_export_permission(self, request):
        return request.user.has_perm("subscriptions.export_subscriber")

    @admin.action(description="Allow mail again to addresses the mail server refused", permissions=["change"])
    def clear_refusal(self, request, queryset):
        count = follow.allow_mail_again(queryset)
        self.message_user(request, f"Mail allowed again to {count} address(es).", messages.SUCCESS)


class NeedsAttentionFilter(admin.SimpleListFilter):
    """Notices whose sending has stopped (models.STALLED_AFTER) or has failures."""

    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Needs attention")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_attention()
        return queryset


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "queued", "sent", "failed", "skipped", "paused_at", "attention"]
    list_filter = [NeedsAttentionFilter, "kind", ("paused_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "article",
        "version",
        "kind",
        "languages",
        "digest_week",
        "created_at",
        "paused_at",
        "counts",
        "attention",
        "failure_reasons",
    ]
    fields = readonly_fields
    actions = ["pause", "resume"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress().select_related("version")

    def has_add_permission(self, request):
        return False

    @admin.display(description="queued", ordering="queued")
    def queued(self, notice):
        return notice.queued

    @admin.display(description="sent", ordering="sent")
    def sent(self, notice):
        return notice.sent

    @admin.display(description="failed", ordering="failed")
    def failed(self, notice):
        return notice.failed

    @admin.display(description="skipped", ordering="skipped")
    def skipped(self, notice):
        return notice.skipped

    @admin.display(description="deliveries")
    def counts(self, notice):
        return f"{notice.queued} queued, {notice.sent} sent, {notice.failed} failed, {notice.skipped} skipped"

    @admin.display(description="needs attention")
    def attention(self, notice):
        """Why the notice needs an editor's eye, or nothing."""
        reasons = []
        if notice.stalled:
            last = notice.last_sent_at
            since = f"{timezone.localtime(last):%Y-%m-%d %H:%M}" if last else "it was queued"
            reasons.append(f"stalled: {notice.queued} waiting, nothing sent since {since}")
        if notice.failed:
            reasons.append(f"{notice.failed} failed")
        if notice.retrying:
            reasons.append(f"{notice.retrying} being retried")
        return "; ".join(reasons).capitalize() or "—"

    @admin.display(description="failure reasons")
    def failure_reasons(self, notice):
        reasons = notice.failure_reasons()
        if not reasons:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} × {}</li>", ((count, answer) for answer, count in reasons)),
        )

    @admin.action(description="Pause sending", permissions=["change"])
    def pause(self, request, queryset):
        count = notices.pause(queryset)
        self.message_user(request, f"Paused {count} notice(s).", messages.SUCCESS)

    @admin.action(description="Resume sending", permissions=["change"])
    def resume(self, request, queryset):
        count = notices.resume(queryset)
        self.message_user(request, f"Resumed {count} notice(s).", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["notice", "subscriber", "status", "attempts", "sent_at", "error"]
    list_filter = ["status"]
    search_fields = ["subscriber__email"]
    list_select_related = ["notice__version", "subscriber"]
    readonly_fields = ["notice", "subscriber", "status", "attempts", "next_attempt_at", "sent_at", "error"]
