"""Challenges: coordinators open a themed call for suggestions with a deadline."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import permissions
from ideas.models import (
    Challenge,
)


def challenge_create(*, actor, title: str, slug: str, description: str, deadline, opens_at=None):
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if deadline <= (opens_at or timezone.now()):
        raise ValidationError({"deadline": _("The deadline must be after the opening.")})
    try:
        with transaction.atomic():
            return Challenge.objects.create(
                title=title.strip(),
                slug=slug,
                description=description.strip(),
                deadline=deadline,
                opens_at=opens_at or timezone.now(),
                created_by=actor,
            )
    except IntegrityError:  # the same short name taken a moment ago
        raise ValidationError(
            {"slug": _("Another challenge already uses this short name.")}
        ) from None
