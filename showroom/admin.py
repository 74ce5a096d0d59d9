"""What showroom editors manage in the admin: the categories (view, add and change, granted by
migration; retired with ``is_active``, never deleted). Listings, versions and responses change
only through the services, on the pages."""

from django.contrib import admin

from popsote.taxonomy.admin import TermAdmin
from showroom.models import Category


@admin.register(Category)
class CategoryAdmin(TermAdmin):
    pass
