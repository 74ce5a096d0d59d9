from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "popsote.metrics"
    label = "metrics"
    verbose_name = _("Metrics")

    def ready(self):
        """Every new event, support and comment is counted in the rollups in the transaction
        that writes it (see ``popsote.metrics.rollups``): the domain apps need not know."""
        from ideas.models import Comment, SuggestionEvent, Support
        from popsote.metrics import rollups

        def event_saved(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                rollups.record_event(instance)

        def act_saved(kind):
            def saved(sender, instance, created, raw=False, **kwargs):
                if created and not raw:
                    rollups.record_act(kind, instance)

            return saved

        self._receivers = [event_saved, act_saved("support"), act_saved("comment")]
        post_save.connect(event_saved, sender=SuggestionEvent, dispatch_uid="metrics-event")
        post_save.connect(self._receivers[1], sender=Support, dispatch_uid="metrics-support")
        post_save.connect(self._receivers[2], sender=Comment, dispatch_uid="metrics-comment")
