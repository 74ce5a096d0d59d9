"""Handler groups in the admin, for the technical staff; coordinators use the site's own
pages (``/groups/``), where the same rules apply through the services."""

from django.contrib import admin

from processing_groups.models import HandlerGroup, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(HandlerGroup)
class HandlerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "type", "first_response_days", "decision_days", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas", "service_areas", "kinds", "stakeholder_groups"]
    inlines = [MembershipInline]
