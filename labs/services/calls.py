"""Need → companies: handlers and coordinators open public suggestions as a call to
companies; the suggestions' followers hear of it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labs import permissions
from labs.models import Call
from labs.services import notifications
from popsote.core.pii import identity_code_errors


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "call"
    slug, number = base, 2
    while Call.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def call_create(*, actor, title: str, description: str, deadline, suggestions) -> Call:
    suggestions = list(suggestions)
    if not permissions.can_open_call(actor, suggestions):
        raise PermissionDenied
    title, description = (title or "").strip(), (description or "").strip()
    errors = identity_code_errors(title=title, description=description)
    if not title:
        errors["title"] = _("Give the call a title.")
    if not description:
        errors["description"] = _("Describe what the companies are asked to offer.")
    if deadline is None or deadline <= timezone.now():
        errors["deadline"] = _("The deadline must be in the future.")
    if errors:
        raise ValidationError(errors)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                call = Call.objects.create(
                    title=title,
                    slug=_unique_slug(title),
                    description=description,
                    deadline=deadline,
                    opened_by=actor,
                )
                call.suggestions.set(suggestions)
                notifications.call_opened(call)
                return call
        except IntegrityError:  # the same slug taken a moment ago
            continue
    raise ValidationError({"title": _("Another call took this title a moment ago; try again.")})
