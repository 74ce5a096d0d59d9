"""Builders of test data that many test packages share: plain functions, each with defaults
that any test can override by name."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser, Group

from ideas.lifecycle import State
from ideas.models import Suggestion, SuggestionEvent
from ideas.services.submission import Submitted, suggestion_submit
from popsote.accounts import roles
from popsote.accounts.models import User
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from processing_groups.models import HandlerGroup, Membership

PASSWORD = "correct-horse-battery-staple"

# The people of the role fixtures in tests/conftest.py, for data built once per module, where
# a test's fixtures cannot be used: ``make_person(**PEOPLE["coordinator"])``.
PEOPLE = {
    "resident": {"email": "resident@example.fi", "name": "Riikka Resident"},
    "other_resident": {"email": "other@example.fi", "name": "Olli Other"},
    "professional": {
        "email": "nurse@example.fi",
        "name": "Noora Nurse",
        "stakeholder": "professional",
    },
    "coordinator": {
        "email": "coordinator@example.fi",
        "role": roles.COORDINATOR,
        "stakeholder": "professional",
        "is_staff": True,
    },
    "labs_staff": {
        "email": "labs@example.fi",
        "role": roles.LABS_STAFF,
        "stakeholder": "professional",
    },
    "showroom_editor": {
        "email": "editor@example.fi",
        "role": roles.SHOWROOM_EDITOR,
        "stakeholder": "professional",
    },
}

COVERAGE = {
    "areas": Area,
    "service_areas": ServiceArea,
    "kinds": SuggestionKind,
    "stakeholder_groups": StakeholderGroup,
}


def make_person(email: str, *, role: str | None = None, stakeholder: str = "resident", **extra):
    """A person who can sign in with ``PASSWORD`` and a verified address, in ``role`` if given
    (a group name of ``popsote.accounts.roles``). The ``make_user`` fixture is this function."""
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        stakeholder_group=StakeholderGroup.objects.get(code=stakeholder),
        **extra,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def submit(actor=None, **fields) -> Submitted:
    """A suggestion submitted through the real service (its routing, events and hooks run), with
    sensible taxonomy terms unless given; a term may be given by its code (``area="lakeus"``)."""
    arguments = {
        "title": "Kotihoidon käynnit iltaisin",
        "description": "Kotihoito ei ehdi iltaisin, ja asiakkaat odottavat pitkään.",
        "kind": SuggestionKind.objects.get(code="need"),
        "area": Area.objects.get(code="oulu"),
        "service_area": ServiceArea.objects.get(code="older-people"),
        "stakeholder_group": StakeholderGroup.objects.get(code="resident"),
    }
    for name in ("kind", "area", "service_area", "stakeholder_group"):
        if isinstance(fields.get(name), str):
            model = type(arguments[name])
            fields[name] = model.objects.get(code=fields[name])
    arguments.update(fields)
    return suggestion_submit(actor=actor or AnonymousUser(), **arguments)


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


def decide(suggestion, action, state, message="", **fields):
    """Record a decision as the handlers' move leaves it: its event and the new state."""
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=action,
        from_state=State.IN_PROCESSING,
        to_state=state,
        public_message=message,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(state=state, **fields)
    suggestion.refresh_from_db()
    return suggestion
