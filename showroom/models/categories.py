"""The showroom's categories: what kind of help a solution gives. Seeded by a migration and kept
by the editors in the admin (retired with ``is_active``, never deleted)."""

from django.utils.translation import gettext_lazy as _

from popsote.taxonomy.models import Term


class Category(Term):
    class Meta(Term.Meta):
        verbose_name = _("showroom category")
        verbose_name_plural = _("showroom categories")
