from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingGroupsConfig(AppConfig):
    name = "processing_groups"
    verbose_name = _("Handler groups")

    def notification_categories(self, user) -> set[str]:
        """Group work reaches the members of handler groups (see
        ``popsote.notifications.models.categories_for``)."""
        from popsote.notifications.models import Category
        from processing_groups.permissions import group_ids_of

        return {Category.GROUP_WORK} if group_ids_of(user) else set()

    def requires_mfa(self, user) -> bool:
        """Members of handler groups must use two-step verification (see
        ``popsote.accounts.mfa``)."""
        from processing_groups.permissions import group_ids_of

        return bool(group_ids_of(user))
