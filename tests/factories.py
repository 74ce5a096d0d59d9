"""Builders of test data that many test packages share: plain functions, each with defaults
that any test can override by name."""

from __future__ import annotations

from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from processing_groups.models import HandlerGroup, Membership

COVERAGE = {
    "areas": Area,
    "service_areas": ServiceArea,
    "kinds": SuggestionKind,
    "stakeholder_groups": StakeholderGroup,
}


def make_group(slug: str = "oulu", *, chair=None, chairs=(), members=(), **fields) -> HandlerGroup:
    """A regional handler group with its chairs and members.

    Coverage is given as lists of codes (``areas=["oulu"]``, ``service_areas``, ``kinds``,
    ``stakeholder_groups``); none covers anything and everything. A group made after a
    suggestion was submitted took no part in its routing (with no groups, a suggestion waits in
    triage); one made before may have routed it.
    """
    coverage = {name: fields.pop(name) for name in COVERAGE if name in fields}
    fields.setdefault("name", f"Ryhmä {slug}")
    fields.setdefault("type", HandlerGroup.Type.REGIONAL)
    group = HandlerGroup.objects.create(slug=slug, **fields)
    for name, codes in coverage.items():
        getattr(group, name).set(COVERAGE[name].objects.filter(code__in=codes))
    for user in members:
        Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    for user in [chair, *chairs] if chair is not None else chairs:
        Membership.objects.create(group=group, user=user, role=Membership.Role.CHAIR)
    return group
