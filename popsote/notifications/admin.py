from django.contrib import admin

from popsote.notifications.models import Digest, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For operators: what failed or waits, and why. Read-only; the outbox is the services'."""

    list_display = ["id", "kind", "category", "email_state", "attempts", "created_at", "sent_at"]
    list_filter = ["email_state", "category"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    search_fields = ["kind", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["id", "frequency", "period", "email_state", "attempts", "sent_at"]
    list_filter = ["email_state", "frequency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
