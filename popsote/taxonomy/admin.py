from django.contrib import admin

from popsote.taxonomy.models import TAXONOMIES


class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        # Codes are a promise to integrations: set once, never renamed.
        return ["code"] if obj else []


for model in TAXONOMIES.values():
    admin.site.register(model, TermAdmin)
