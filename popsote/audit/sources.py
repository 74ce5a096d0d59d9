"""The sources of the audit trail: each entity's event table, the admin's log and the account
events, each with how it is filtered and how one of its rows reads in the list.

The composition layer may read every domain app; the apps themselves know nothing of this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import Action as SuggestionAction
from ideas.lifecycle import State as SuggestionState
from ideas.models import SuggestionEvent
from labs.lifecycle import Action as ApplicationAction
from labs.lifecycle import State as ApplicationState
from labs.models import ApplicationEvent
from popsote.audit.models import AccountEvent
from processing_groups import services as group_services
from processing_groups.models import GroupEvent, Membership
from showroom.lifecycle import Action as ListingAction
from showroom.lifecycle import State as ListingState
from showroom.models import ListingEvent

GROUP_ACTIONS = {
    group_services.CREATED: _("Group created"),
    group_services.CHANGED: _("Group changed"),
    group_services.MEMBER_ADDED: _("Member added"),
    group_services.ROLE_CHANGED: _("Role changed"),
    group_services.MEMBER_REMOVED: _("Member removed"),
}
ADMIN_FLAGS = {"admin_added": ADDITION, "admin_changed": CHANGE, "admin_deleted": DELETION}
ADMIN_ACTIONS = {
    "admin_added": _("Added in the admin"),
    "admin_changed": _("Changed in the admin"),
    "admin_deleted": _("Deleted in the admin"),
}


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    model: type
    time: str
    # The people who acted, as lookups of an e-mail address and a name.
    actor: tuple[str, str]
    # The rows about one object, given as people write it (a reference, a short name, an id);
    # None when the value cannot name an object of this source.
    ref: Callable[[str], Q | None]
    actions: dict
    states: dict
    related: tuple[str, ...]

    def action_q(self, action: str) -> Q:
        if self.kind == "admin":
            return Q(action_flag=ADMIN_FLAGS[action])
        return Q(action=action)


def _by_id(field: str) -> Callable[[str], Q | None]:
    def ref(value: str) -> Q | None:
        return Q(**{field: int(value)}) if value.isdigit() and len(value) < 19 else None

    return ref


def _account(value: str) -> Q:
    by_id = _by_id("user_id")(value)
    return Q(email__iexact=value) | by_id if by_id else Q(email__iexact=value)


SOURCES = (
    Source(
        kind="suggestion",
        label=_("Suggestion"),
        model=SuggestionEvent,
        time="created_at",
        actor=("actor__email", "actor__name"),
        ref=lambda value: Q(suggestion__reference=value),
        actions=dict(SuggestionAction.choices),
        states=dict(SuggestionState.choices),
        related=("actor", "suggestion"),
    ),
    Source(
        kind="application",
        label=_("Labs application"),
        model=ApplicationEvent,
        time="created_at",
        actor=("actor__email", "actor__name"),
        ref=_by_id("application_id"),
        actions=dict(ApplicationAction.choices),
        states=dict(ApplicationState.choices),
        related=("actor", "application__company"),
    ),
    Source(
        kind="listing",
        label=_("Showroom listing"),
        model=ListingEvent,
        time="created_at",
        actor=("actor__email", "actor__name"),
        ref=lambda value: Q(listing__slug=value),
        actions=dict(ListingAction.choices),
        states=dict(ListingState.choices),
        related=("actor", "listing__published", "listing__pending"),
    ),
    Source(
        kind="group",
        label=_("Handler group"),
        model=GroupEvent,
        time="created_at",
        actor=("actor__email", "actor__name"),
        ref=lambda value: Q(group__slug=value),
        actions=GROUP_ACTIONS,
        states={},
        related=("actor", "group"),
    ),
    Source(
        kind="account",
        label=_("Account"),
        model=AccountEvent,
        time="created_at",
        actor=("email", "user__name"),
        ref=_account,
        actions=dict(AccountEvent.Action.choices),
        states={},
        related=("user",),
    ),
    Source(
        kind="admin",
        label=_("Admin"),
        model=LogEntry,
        time="action_time",
        actor=("user__email", "user__name"),
        ref=lambda value: Q(object_id=value),
        actions=ADMIN_ACTIONS,
        states={},
        related=("user", "content_type"),
    ),
)
BY_KIND = {source.kind: source for source in SOURCES}


@dataclass
class Row:
    """One line of the audit list: who did what, when, to what, from where."""

    kind: str
    pk: int
    at: object
    kind_label: str
    who: str
    is_system: bool
    action: str
    action_label: str
    change: str = ""
    target: str = ""
    url: str = ""
    address: str = ""
    details: str = ""


def _who(person) -> tuple[str, bool]:
    if person is None:
        return str(_("system")), True
    return (f"{person.name} ({person.email})" if person.name else person.email), False


def _change(source: Source, event) -> str:
    if event.from_state == event.to_state:
        return ""
    names = [str(source.states.get(s, s)) for s in (event.from_state, event.to_state)]
    return " → ".join(names)


def describe(source: Source, event, people: dict) -> Row:
    """The row of ``event``, a row of ``source``'s table; ``people`` the accounts named in
    group events, by id."""
    if source.kind == "admin":
        return _admin_row(source, event)
    if source.kind == "account":
        return _account_row(source, event)
    who, is_system = _who(event.actor)
    row = Row(
        kind=source.kind,
        pk=event.pk,
        at=event.created_at,
        kind_label=str(source.label),
        who=who,
        is_system=is_system,
        action=event.action,
        action_label=str(source.actions.get(event.action, event.action)),
        change=_change(source, event),
        details=event.internal_note or event.public_message,
    )
    subject = getattr(event, source.model.subject_field)
    row.url = subject.get_absolute_url() if source.kind != "group" else ""
    if source.kind == "suggestion":
        row.target = f"{subject.reference} {subject.title}"
    elif source.kind == "application":
        row.target = f"#{subject.pk} {subject} ({subject.company.name})"
    elif source.kind == "listing":
        row.target = str(subject)
    else:
        row.target = subject.name
        row.url = reverse("groups:detail", kwargs={"slug": subject.slug})
        row.details = _membership_details(event.data, people)
    return row


def _membership_details(data: dict, people: dict) -> str:
    if "person" not in data:
        return ", ".join(data.get("fields", []))
    person = people.get(data["person"])
    name = person.email if person else str(_("a deleted account"))
    roles = dict(Membership.Role.choices)
    moved = " → ".join(str(roles[r]) for r in (data.get("from_role"), data.get("to_role")) if r)
    return f"{name}: {moved}" if moved else name


def _account_row(source: Source, event: AccountEvent) -> Row:
    failed = event.action == AccountEvent.Action.SIGN_IN_FAILED
    who, _system = _who(event.user) if event.user_id and not failed else (event.email, False)
    return Row(
        kind=source.kind,
        pk=event.pk,
        at=event.created_at,
        kind_label=str(source.label),
        who=who,
        is_system=False,
        action=event.action,
        action_label=event.get_action_display(),
        target=event.email,
        address=event.address or "",
        details=event.data.get("type", ""),
    )


def _admin_row(source: Source, entry: LogEntry) -> Row:
    action = next(code for code, flag in ADMIN_FLAGS.items() if flag == entry.action_flag)
    who, is_system = _who(entry.user)
    model = entry.content_type.model_class() if entry.content_type_id else None
    kind = capfirst(model._meta.verbose_name) if model else ""
    return Row(
        kind=source.kind,
        pk=entry.pk,
        at=entry.action_time,
        kind_label=str(source.label),
        who=who,
        is_system=is_system,
        action=action,
        action_label=str(ADMIN_ACTIONS[action]),
        target=f"{kind}: {entry.object_repr}" if kind else entry.object_repr,
        url=(entry.get_admin_url() or "") if entry.action_flag != DELETION else "",
        details=entry.get_change_message(),
    )
