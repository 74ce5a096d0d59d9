from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Suggestions")

    def front_page_context(self, request) -> dict:
        """The front page's "latest public suggestions" block (see popsote.core.views.home)."""
        from ideas.models import Suggestion

        latest = list(Suggestion.objects.public().for_cards().order_by("-created_at", "-id")[:6])
        return {"latest_suggestions": latest} if latest else {}

    def notification_private_link(self, topic: str) -> str | None:
        """A signed-out submitter's tracking link, which mails about their suggestion carry and
        notifications never store (see ``popsote.notifications.models.Notification``)."""
        from ideas.services.notifications import tracking_link

        return tracking_link(topic)
