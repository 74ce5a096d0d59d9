"""Dates as people read them."""

from __future__ import annotations

from django import template
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()


@register.filter
def ago(value) -> str:
    """How long ago ``value`` was, as one phrase: "8 months ago", "8 kuukautta sitten".

    Django's Finnish catalogue writes "%(num)d months" with a space at the end, which
    ``timesince`` keeps (as a no-break space): followed by " sitten", the phrase had two spaces.
    Each part is trimmed before the parts are joined, so no catalogue's stray space shows.
    """
    if not value:
        return ""
    separator = gettext(", ")
    parts = [part.strip() for part in timesince(value).split(separator)]
    return gettext("%(age)s ago") % {"age": separator.join(parts)}
