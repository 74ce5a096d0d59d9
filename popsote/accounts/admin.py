from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from popsote.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "stakeholder_group", "organisation", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "stakeholder_group", "area"]
    list_select_related = ["stakeholder_group"]
    search_fields = ["email", "name", "organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "name",
                    "show_name",
                    "stakeholder_group",
                    "organisation",
                    "area",
                    "preferred_language",
                ]
            },
        ),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]
