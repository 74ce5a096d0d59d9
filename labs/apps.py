from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("OuluHealth Labs")

    def notification_categories(self, user) -> set[str]:
        """Labs notifications reach company representatives and labs staff (see
        ``popsote.notifications.models.categories_for``)."""
        from labs.permissions import company_id_of
        from popsote.accounts.roles import is_labs_staff
        from popsote.notifications.models import Category

        if is_labs_staff(user) or company_id_of(user) is not None:
            return {Category.LABS}
        return set()

    def suggestion_page_panels(self, request, suggestion) -> list[str]:
        """The suggestion page's Labs panel: calls to companies on the need and the labels that
        answer it (see ``ideas.extensions``)."""
        from labs.views.calls import suggestion_page_panels

        return suggestion_page_panels(request, suggestion)
