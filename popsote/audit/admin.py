"""The audit trail in the admin: every source can be read there, by the superusers and the
coordinators who have staff status, and by nobody changed, added or deleted, whatever
permissions a person holds (the database refuses it for the account events too)."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry

from ideas.models import SuggestionEvent
from labs.models import ApplicationEvent
from popsote.audit.models import AccountEvent
from popsote.audit.permissions import can_browse_audit
from processing_groups.models import GroupEvent
from showroom.models import ListingEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """A table of the audit: viewing only."""

    list_per_page = 50
    show_full_result_count = False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or can_browse_audit(request.user)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "email", "address"]
    list_filter = ["action"]
    search_fields = ["email", "address"]
    date_hierarchy = "created_at"


class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "from_state", "to_state"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"


for model in (SuggestionEvent, ApplicationEvent, ListingEvent, GroupEvent):
    admin.site.register(model, EventAdmin)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag"]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "user__email"]
    date_hierarchy = "action_time"
