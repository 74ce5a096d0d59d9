"""What labs staff manage in the admin: the test environments, the evaluation protocol and the
label rules (view, add and change, granted by migration; retired with ``is_active``, never
deleted). Applications, evaluations and labels change only through the services, on the
pages."""

from django.contrib import admin

from labs.models import EvaluationCriterion, EvaluationDomain, LabelRule, TestEnvironment
from popsote.taxonomy.admin import TermAdmin


@admin.register(TestEnvironment)
class TestEnvironmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "area", "service_area", "capacity", "is_active"]
    list_filter = ["is_active", "area", "service_area"]
    search_fields = ["name", "organisation", "capabilities", "contact_name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["area", "service_area"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in public addresses and the API: set once.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields


@admin.register(EvaluationDomain)
class EvaluationDomainAdmin(TermAdmin):
    pass


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(TermAdmin):
    list_display = ["code", "domain", "name_fi", "name_sv", "name_en", "position", "is_active"]
    list_filter = ["is_active", "domain"]
    list_select_related = ["domain"]


@admin.register(LabelRule)
class LabelRuleAdmin(TermAdmin):
    list_display = [
        "code",
        "name_fi",
        "name_sv",
        "name_en",
        "requires_field_test",
        "requires_co_creation",
        "is_active",
    ]
    list_editable = ["is_active"]
