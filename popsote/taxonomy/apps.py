from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "popsote.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomies")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(grant_coordinator_permissions, sender=self)


def grant_coordinator_permissions(sender, using="default", **kwargs):
    """Coordinators edit the taxonomies in the admin.

    Done after migrate rather than in a migration, because Django creates the permission rows
    only after every migration has run on a fresh database.
    """
    from django.contrib.auth.models import Group, Permission

    coordinator = Group.objects.using(using).filter(name="coordinator").first()
    if coordinator is None:
        return
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="taxonomy", codename__regex=r"^(add|change|view)_"
    )
    coordinator.permissions.add(*permissions)
