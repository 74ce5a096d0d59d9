"""Every write of the site about handler groups and their members: the coordinators' pages call
these. The admin, for the technical staff, edits the same rows without these rules, and the
demo seeds them directly.

Coordinators only. Each function takes keyword arguments with the acting person as ``actor``,
runs in one transaction and raises ``PermissionDenied`` for anyone else, or
``ValidationError`` naming the field (``slug``, ``email``, ``role``, …) and changing nothing.

Each change leaves a ``GroupEvent`` row written in the same transaction: the group's audit trail,
who did what to it and to whose membership.

A group that has a chair keeps one: the last chair cannot be removed or made a member, so
that somebody always answers for the group's work.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from processing_groups.models import GroupEvent, HandlerGroup, Membership
from processing_groups.permissions import can_manage_groups

COVERAGE = ("areas", "service_areas", "kinds", "stakeholder_groups")
FIELDS = ("name", "slug", "type", "description", "first_response_days", "decision_days")

# The actions of ``GroupEvent`` rows.
CREATED = "group_created"
CHANGED = "group_changed"
MEMBER_ADDED = "member_added"
ROLE_CHANGED = "role_changed"
MEMBER_REMOVED = "member_removed"


def _record_member(actor, group, action: str, *, person_id: int, from_role="", to_role=""):
    """The group's row for a change of a membership: the person by id only, so that the
    trail names them as long as their account exists and no longer once it is gone."""
    GroupEvent.record(
        group,
        actor=actor,
        action=action,
        is_public=False,
        data={"person": person_id, "from_role": from_role, "to_role": to_role},
    )


def _require_manager(actor) -> None:
    if not can_manage_groups(actor):
        raise PermissionDenied


def _validate_group(*, slug: str, name: str, first_response_days, decision_days, exclude=None):
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the group a name.")
    taken = HandlerGroup.objects.filter(slug=slug)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if not slug:
        errors["slug"] = _("Give the group a short name for its address.")
    elif taken.exists():
        errors["slug"] = _("Another group already uses this short name.")
    if first_response_days is not None and decision_days is not None:
        if first_response_days < 1:
            errors["first_response_days"] = _("The target must be at least one day.")
        if decision_days < first_response_days:
            errors["decision_days"] = _(
                "The decision target cannot come before the first-response target."
            )
    if errors:
        raise ValidationError(errors)


def _set_coverage(group: HandlerGroup, coverage: dict[str, Iterable]) -> None:
    for dimension in COVERAGE:
        if dimension in coverage:
            getattr(group, dimension).set(list(coverage[dimension]))


def group_create(
    *,
    actor,
    name: str,
    slug: str,
    type: str,
    description: str = "",
    first_response_days: int = 14,
    decision_days: int = 60,
    is_active: bool = True,
    **coverage: Iterable,
) -> HandlerGroup:
    """A new group with its coverage (``areas``, ``service_areas``, ``kinds``,
    ``stakeholder_groups``: an empty list means "any") and its targets in days."""
    _require_manager(actor)
    slug = slug.strip().lower()
    _validate_group(
        slug=slug,
        name=name,
        first_response_days=first_response_days,
        decision_days=decision_days,
    )
    try:
        with transaction.atomic():
            group = HandlerGroup.objects.create(
                name=name.strip(),
                slug=slug,
                type=type,
                description=description.strip(),
                first_response_days=first_response_days,
                decision_days=decision_days,
                is_active=is_active,
            )
            _set_coverage(group, coverage)
            GroupEvent.record(group, actor=actor, action=CREATED, is_public=False)
    except IntegrityError as error:  # the same short name chosen at the same moment
        raise ValidationError({"slug": _("Another group already uses this short name.")}) from error
    return group


def group_update(*, actor, group: HandlerGroup, **changes) -> HandlerGroup:
    """Change any of the fields ``group_create`` takes, plus ``is_active``. New targets apply
    to suggestions the group receives from now on; those in its queue keep their dates."""
    _require_manager(actor)
    unknown = set(changes) - {*FIELDS, *COVERAGE, "is_active"}
    if unknown:
        raise TypeError(f"Unknown group fields: {', '.join(sorted(unknown))}")
    if "slug" in changes:
        changes["slug"] = changes["slug"].strip().lower()
    with transaction.atomic():
        locked = HandlerGroup.objects.select_for_update().get(pk=group.pk)
        merged = {name: changes.get(name, getattr(locked, name)) for name in FIELDS}
        _validate_group(
            slug=merged["slug"],
            name=merged["name"],
            first_response_days=merged["first_response_days"],
            decision_days=merged["decision_days"],
            exclude=locked,
        )
        changed = []
        for name in (*FIELDS, "is_active"):
            if name in changes:
                value = changes[name]
                value = value.strip() if isinstance(value, str) else value
                if value != getattr(locked, name):
                    changed.append(name)
                setattr(locked, name, value)
        locked.save()
        _set_coverage(locked, {key: changes[key] for key in COVERAGE if key in changes})
        changed += [key for key in COVERAGE if key in changes]
        GroupEvent.record(
            locked, actor=actor, action=CHANGED, is_public=False, data={"fields": changed}
        )
    return locked


def membership_add(
    *, actor, group: HandlerGroup, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """Add the person who has an account with ``email`` to ``group``."""
    _require_manager(actor)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose the role.")})
    email = email.strip()
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        raise ValidationError(
            {
                "email": _(
                    "Nobody has an account with this e-mail address. Ask the person to create "
                    "an account first."
                )
            }
        )
    with transaction.atomic():
        HandlerGroup.objects.select_for_update().get(pk=group.pk)
        if Membership.objects.filter(group=group, user=person).exists():
            raise ValidationError({"email": _("This person is already a member of the group.")})
        membership = Membership.objects.create(group=group, user=person, role=role)
        _record_member(actor, group, MEMBER_ADDED, person_id=person.pk, to_role=role)
        return membership


def _keeps_a_chair(membership: Membership) -> bool:
    """False when ``membership`` is the group's only chair."""
    if membership.role != Membership.Role.CHAIR:
        return True
    return (
        Membership.objects.filter(group_id=membership.group_id, role=Membership.Role.CHAIR)
        .exclude(pk=membership.pk)
        .exists()
    )


def _locked_membership(membership: Membership) -> Membership:
    # The group row is the lock: two coordinators removing the last two chairs at once must
    # not both succeed.
    HandlerGroup.objects.select_for_update().get(pk=membership.group_id)
    return Membership.objects.select_related("user", "group").get(pk=membership.pk)


def membership_set_role(*, actor, membership: Membership, role: str) -> Membership:
    _require_manager(actor)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose the role.")})
    with transaction.atomic():
        locked = _locked_membership(membership)
        if role != Membership.Role.CHAIR and not _keeps_a_chair(locked):
            raise ValidationError(
                {"role": _("This is the group's only chair. Name another chair first.")}
            )
        from_role, locked.role = locked.role, role
        locked.save(update_fields=["role"])
        _record_member(
            actor,
            locked.group,
            ROLE_CHANGED,
            person_id=locked.user_id,
            from_role=from_role,
            to_role=role,
        )
    return locked


def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a member. Suggestions assigned to them stay so, marked in the queue as assigned
    to a former member, until the group reassigns them: that move belongs to the
    suggestion's own service and timeline, not to this one."""
    _require_manager(actor)
    with transaction.atomic():
        locked = _locked_membership(membership)
        if not _keeps_a_chair(locked):
            raise ValidationError(
                {"role": _("This is the group's only chair. Name another chair first.")}
            )
        locked.delete()
        _record_member(
            actor, locked.group, MEMBER_REMOVED, person_id=locked.user_id, from_role=locked.role
        )
