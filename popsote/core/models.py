from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One row per change of an entity: the audit trail, the public timeline and the source of
    the metrics. Each entity with a lifecycle has its own concrete table (``SuggestionEvent``,
    ``ApplicationEvent``, …) that adds the foreign key to the entity.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, blank=True)
    public_message = models.TextField(_("public message"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    # Whether the row belongs on the public timeline at all (an assignment, say, does not).
    is_public = models.BooleanField(_("public"), default=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    # The name of the concrete table's foreign key to its entity ("suggestion", "listing", …).
    subject_field = ""

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @classmethod
    def snapshot(cls, subject) -> dict:
        """Columns of the row copied from ``subject`` as it stands once the change is made, so
        that what is counted later is what held when it happened, not what holds now (a
        suggestion's group, say, which a transfer changes). None here; a concrete table that
        the metrics count by such a column overrides it."""
        return {}

    @classmethod
    def record(
        cls,
        subject,
        *,
        actor,
        action: str,
        from_state: str | None = None,
        to_state: str | None = None,
        public_message: str = "",
        internal_note: str = "",
        is_public: bool = True,
        data: dict | None = None,
    ):
        """The row of ``subject``'s timeline (its audit trail) for what just happened to it,
        written by the service that did it, in its transaction. A state not given is the
        subject's state now (an edit that moves nothing); a signed-out actor is recorded as
        nobody. ``is_public``: whether the row belongs on the public timeline."""
        state = getattr(subject, "state", "")
        return cls.objects.create(
            **{cls.subject_field: subject},
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            from_state=state if from_state is None else from_state,
            to_state=state if to_state is None else to_state,
            public_message=public_message,
            internal_note=internal_note,
            is_public=is_public,
            data=data or {},
            **cls.snapshot(subject),
        )


class RateCounter(models.Model):
    """How many times a key (an action by a person or an address) was counted in its current
    window: the rate limits of every process, in one place. Written only by ``ratelimit``."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField()
    window_ends_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_rate_counter"

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
