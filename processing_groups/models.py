"""Handler groups (käsittelijäryhmät): who they are, what they cover, who sits in them.

This app knows groups, members, coverage and routing and never imports ``ideas``: the
suggestions' side of group work (queues, evaluation, meetings) lives in ``ideas``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from popsote.core.models import Event


class HandlerGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_member(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class HandlerGroup(models.Model):
    class Type(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        STAKEHOLDER = "stakeholder", _("Stakeholder-specific")
        REGION_WIDE = "region_wide", _("Region-wide")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(
        "taxonomy.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    service_areas = models.ManyToManyField(
        "taxonomy.ServiceArea", verbose_name=_("service areas"), blank=True, related_name="+"
    )
    kinds = models.ManyToManyField(
        "taxonomy.SuggestionKind", verbose_name=_("suggestion kinds"), blank=True, related_name="+"
    )
    stakeholder_groups = models.ManyToManyField(
        "taxonomy.StakeholderGroup",
        verbose_name=_("stakeholder groups"),
        blank=True,
        related_name="+",
    )
    first_response_days = models.PositiveSmallIntegerField(
        _("first response target (days)"), default=14
    )
    decision_days = models.PositiveSmallIntegerField(_("decision target (days)"), default=60)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HandlerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("handler group")
        verbose_name_plural = _("handler groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        HandlerGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} ({self.get_role_display()})"


class GroupEvent(Event):
    """What coordinators did to a group: created or changed it, added or removed a member, made
    a member chair or member again (``data`` names the person and the roles). Written by the
    service in its transaction; the audit trail of the group, never shown to the public."""

    group = models.ForeignKey(HandlerGroup, on_delete=models.CASCADE, related_name="events")

    subject_field = "group"

    class Meta(Event.Meta):
        verbose_name = _("group event")
        verbose_name_plural = _("group events")
        indexes = [models.Index(fields=["group", "created_at"], name="group_event_timeline")]
