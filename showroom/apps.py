from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowroomConfig(AppConfig):
    name = "showroom"
    verbose_name = _("AADA showroom")

    def notification_categories(self, user) -> set[str]:
        """Showroom notifications reach editors and company representatives (see
        ``popsote.notifications.models.categories_for``)."""
        from labs.permissions import company_id_of
        from popsote.accounts.roles import is_showroom_editor
        from popsote.notifications.models import Category

        if is_showroom_editor(user) or company_id_of(user) is not None:
            return {Category.SHOWROOM}
        return set()

    def existing_solution_choices(self) -> list[tuple[str, str]]:
        """Listed solutions a handler may pick as the existing solution of a suggestion (see
        ``ideas.extensions.existing_solution_choices``)."""
        from showroom.selectors.catalogue import solution_choices

        return solution_choices()

    def solution_linked(self, suggestion, link: str, *, actor=None) -> None:
        """A suggestion answered with a listing's address: the listing answers that need."""
        from showroom.services.needs import need_answer_record

        need_answer_record(suggestion=suggestion, link=link, actor=actor)

    def suggestion_page_panels(self, request, suggestion) -> list[str]:
        """The suggestion page's panel of the listed solutions that answer it (see
        ``ideas.extensions``)."""
        from showroom.views.panels import suggestion_page_panels

        return suggestion_page_panels(request, suggestion)

    def front_page_context(self, request) -> dict:
        """The front page's showroom highlights (see ``popsote.core.views.home``)."""
        from showroom.views.panels import front_page_context

        return front_page_context(request)
