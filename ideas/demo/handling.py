"""The demo suggestions handled as the groups would have handled them.

Each suggestion is routed by the real routing at its submission (``suggestion_route_new``);
the coordinators place the older ones routing could not; then a share of them moves along the
lifecycle through the services (``suggestion_transition``, ``suggestion_assign``,
``suggestion_add_note``, ``content_hide``), so that every event, service-level field, merge
and impact assessment is the one the site itself makes. The services stamp all of it with the
time they run; when they are done, the events, the service-level times and the impact
assessments are back-dated with ``update`` to a plan that spreads each suggestion's handling
over the weeks and months since it was submitted. Old suggestions are mostly decided, recent
ones open, and some open ones are past their group's targets, as in a real queue.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ideas.demo.backdating import Handling, backdate, backdate_notifications, last_pk
from ideas.demo.handling_texts import (
    ACCEPTED,
    ANSWERS,
    DEPLOYED,
    GOOD_COMMENTS,
    HIDDEN,
    MERGED,
    NOT_ADVANCED,
    NOTES,
    QUESTIONS,
    SOLUTION,
    SOLUTIONS,
    STARTED,
    TRANSFERRED,
    WEAK_COMMENTS,
    WITHDRAWN,
)
from ideas.lifecycle import Action
from ideas.models import Suggestion, SuggestionEvent
from ideas.services.community import content_hide
from ideas.services.evaluation import evaluation_save
from ideas.services.handling import suggestion_add_note, suggestion_assign
from ideas.services.routing import suggestion_route_new
from ideas.services.transitions import suggestion_transition
from popsote.notifications.models import Notification
from popsote.taxonomy.models import DecisionReason, EvaluationCriterion
from processing_groups.models import HandlerGroup, Membership
from processing_groups.routing import RoutingFacts, routing_candidates, specificity

# What becomes of a suggestion, by its age: (path, weight). Older ones are mostly decided.
YOUNG = {"processing": 80, "info_requested": 12, "merged": 5, "withdrawn": 3}
MIDDLE = {
    "processing": 43,
    "info_requested": 10,
    "answered": 14,
    "accepted": 9,
    "not_advanced": 8,
    "existing_solution": 6,
    "merged": 6,
    "withdrawn": 4,
}
OLD = {
    "processing": 17,
    "info_requested": 5,
    "answered": 8,
    "accepted": 10,
    "in_implementation": 10,
    "deployed": 11,
    "not_advanced": 16,
    "merged": 7,
    "existing_solution": 10,
    "withdrawn": 6,
}
# Days from the previous step: (least, most).
GAPS = {
    "coordinator_route": (1, 9),
    "assign": (0.1, 3),
    "note": (0.5, 8),
    "transfer": (1, 8),
    "request_info": (2, 11),
    "answer_info": (1, 12),
    "decide": (7, 40),
    "merge": (1, 10),
    "start": (10, 60),
    "deploy": (30, 150),
    "withdraw": (1, 20),
    "hide": (0.5, 2),
    "evaluate": (1, 10),
}
DAY = 86400  # seconds
# Routing runs the moment a suggestion arrives.
ROUTING_SECONDS = (5, 90)
# The coordinators place what routing could not once it has waited this long; now and then one
# waits longer.
TRIAGE_DAYS = 12
TRIAGE_FORGOTTEN = 0.1


def plan(rng: random.Random, age_days: float, *, has_submitter: bool) -> str:
    shares = YOUNG if age_days < 14 else MIDDLE if age_days < 60 else OLD
    path = rng.choices(list(shares), weights=list(shares.values()))[0]
    if not has_submitter and path == "withdrawn":
        return "processing"
    if not has_submitter and path == "answered":
        return "info_requested"
    if path == "deployed" and age_days < 150:
        return "in_implementation"
    return path


@dataclass(frozen=True)
class Summary:
    routed: int
    in_triage: int
    events: int


def handle(rng: random.Random, now: datetime, suggestions, roles, paths: dict[str, str]):
    """Route and handle ``suggestions`` (``paths`` says how far each goes), then back-date."""
    coordinator = roles.get("coordinator@demo.popsote.fi")
    groups = list(routing_candidates())
    staff = _staff(groups)
    marker = last_pk(SuggestionEvent)
    notification_marker = last_pk(Notification)
    log: list[tuple[Handling, str]] = []
    handlings = [
        Handling(suggestion=s, path=paths[s.reference], age=now - s.created_at) for s in suggestions
    ]
    for handling in handlings:
        _route(rng, handling, groups, coordinator, log)
    targets = _merge_targets(handlings)
    for handling in handlings:
        if handling.group_id is not None:
            _handle_along_path(rng, handling, staff, coordinator, targets, log)
    _hide_one(rng, handlings, coordinator, log)
    times = backdate(handlings, log, marker)
    backdate_notifications(now, times, notification_marker)
    in_triage = sum(1 for h in handlings if h.group_id is None)
    return Summary(routed=len(handlings) - in_triage, in_triage=in_triage, events=len(log))


@dataclass
class Staff:
    members: dict[int, list]
    chairs: dict[int, object]
    groups: dict[int, HandlerGroup]
    reasons: dict[str, DecisionReason]
    criteria: list[EvaluationCriterion]


def _staff(groups) -> Staff:
    members, chairs = defaultdict(list), {}
    memberships = Membership.objects.filter(group__is_active=True).select_related("user")
    for membership in memberships.order_by("pk"):
        members[membership.group_id].append(membership.user)
        if membership.role == Membership.Role.CHAIR:
            chairs[membership.group_id] = membership.user
    return Staff(
        members=members,
        chairs=chairs,
        groups={group.pk: group for group in groups},
        reasons={reason.code: reason for reason in DecisionReason.objects.active()},
        criteria=list(EvaluationCriterion.objects.active()),
    )


def _step(rng, handling: Handling, name: str) -> None:
    seconds = rng.uniform(*ROUTING_SECONDS) if name == "route" else rng.uniform(*GAPS[name]) * DAY
    handling.steps.append((name, seconds))


def _route(rng, handling: Handling, groups, coordinator, log) -> None:
    """Routing at submission; the coordinators place the older ones it could not."""
    suggestion = handling.suggestion
    _step(rng, handling, "route")
    # The routing of a submission, with the groups read once rather than per suggestion.
    suggestion_route_new(suggestion, groups=groups)
    group = next((group for group in groups if group.pk == suggestion.group_id), None)
    log.append((handling, "route"))
    handling.group_id = suggestion.group_id
    waited = handling.age > timedelta(days=TRIAGE_DAYS) and rng.random() > TRIAGE_FORGOTTEN
    if group is not None or coordinator is None or not waited:
        return
    if suggestion.kind.routes_to_coordinators:
        return  # feedback on co-development stays with the coordinators
    group = _coordinators_choice(rng, suggestion, groups)
    _step(rng, handling, "coordinator_route")
    suggestion_transition(
        actor=coordinator, suggestion=suggestion, action=Action.ROUTE, group=group
    )
    log.append((handling, "coordinator_route"))
    suggestion.group = group
    handling.group_id = group.pk


def _coordinators_choice(rng, suggestion, groups) -> HandlerGroup:
    """One of the groups that tied, or the group of the submitter's own area."""
    facts = RoutingFacts.of(suggestion)
    scored = [(specificity(group, facts), group.pk, group) for group in groups]
    matching = sorted((item for item in scored if item[0] is not None), reverse=True)
    if matching:
        return matching[0][2]
    regional = [group for group in groups if group.type == HandlerGroup.Type.REGIONAL]
    submitter = suggestion.submitter
    if submitter is not None:
        for group in regional:
            if submitter.area_id in {area.pk for area in group.areas.all()}:
                return group
    return rng.choice(regional or groups)


def _merge_targets(handlings: list[Handling]) -> dict[int, list[Suggestion]]:
    """Public suggestions that stay on their own, by service area, oldest first."""
    targets = defaultdict(list)
    for handling in sorted(handlings, key=lambda h: h.suggestion.created_at):
        suggestion = handling.suggestion
        if handling.path not in {"merged", "withdrawn"} and suggestion.is_public:
            targets[suggestion.service_area_id].append(suggestion)
    return targets


def _handle_along_path(rng, handling: Handling, staff: Staff, coordinator, targets, log) -> None:
    """The group's work on a routed suggestion, through the services, as far as its planned
    ``path`` goes: a transfer now and then, assignment, a question and its answer, notes,
    evaluations, and the decision and what follows it (or a merge, or a withdrawal)."""
    s = handling.suggestion
    path = handling.path

    def handler():
        members = staff.members.get(handling.group_id) or [coordinator]
        return handling.assignee or rng.choice(members)

    def move(step: str, action: str, *, actor=None, **extra) -> None:
        _step(rng, handling, step)
        suggestion_transition(actor=actor or handler(), suggestion=s, action=action, **extra)
        log.append((handling, step))

    if path == "merged":
        target = _target(rng, s, targets)
        if target is None:
            path = "not_advanced"
        else:
            message = MERGED.format(reference=target.reference)
            move("merge", Action.MERGE, message=message, target=target.reference)
            return
    if path == "withdrawn":
        message = rng.choice(WITHDRAWN)
        move("withdraw", Action.WITHDRAW, actor=s.submitter, message=message)
        return
    if path == "processing" and rng.random() < 0.08:
        others = [pk for pk in staff.members if pk != handling.group_id]
        if others:
            group = staff.groups[rng.choice(others)]
            move("transfer", Action.TRANSFER, note=TRANSFERRED, group=group)
            s.group = group
            handling.group_id = group.pk
    members = staff.members.get(handling.group_id, [])
    if members and rng.random() < 0.45:
        _step(rng, handling, "assign")
        chair = staff.chairs.get(handling.group_id, members[0])
        handling.assignee = rng.choice(members)
        suggestion_assign(actor=chair, suggestion=s, assignee=handling.assignee)
        log.append((handling, "assign"))
    decided_later = path in {"accepted", "in_implementation", "deployed"}
    asks = path in {"info_requested", "answered"} or (
        decided_later and s.submitter_id is not None and rng.random() < 0.3
    )
    if asks:
        move("request_info", Action.REQUEST_INFO, message=rng.choice(QUESTIONS))
        if path == "info_requested":
            return
        move("answer_info", Action.ANSWER_INFO, actor=s.submitter, message=rng.choice(ANSWERS))
    if rng.random() < 0.25:
        _step(rng, handling, "note")
        suggestion_add_note(actor=handler(), suggestion=s, note=rng.choice(NOTES))
        log.append((handling, "note"))
    _evaluate(rng, handling, staff, members, log)
    if decided_later:
        move("decide", Action.ACCEPT, message=rng.choice(ACCEPTED))
        if path != "accepted":
            move("start", Action.START_IMPLEMENTATION, message=rng.choice(STARTED))
        if path == "deployed":
            move("deploy", Action.MARK_DEPLOYED, message=rng.choice(DEPLOYED))
    elif path == "not_advanced":
        code = rng.choice(list(NOT_ADVANCED))
        reason = staff.reasons[code]
        move("decide", Action.NOT_ADVANCE, message=NOT_ADVANCED[code], reason=reason)
    elif path == "existing_solution":
        link, message = SOLUTIONS.get(s.service_area.code, SOLUTION)
        move("decide", Action.EXISTING_SOLUTION, message=message, link=link)


def _evaluate(rng, handling: Handling, staff: Staff, members, log) -> None:
    """Before deciding, one or two members score the suggestion; now and then before that."""
    path = handling.path
    weighs = path in {"accepted", "in_implementation", "deployed", "not_advanced"}
    if not members or not staff.criteria or rng.random() > (0.6 if weighs else 0.15):
        return
    good = path != "not_advanced"
    for evaluator in rng.sample(members, min(len(members), rng.randint(1, 2))):
        scores = {
            criterion: max(1, min(5, round(rng.gauss(4.0 if good else 2.3, 0.8))))
            for criterion in staff.criteria
        }
        comment = rng.choice(GOOD_COMMENTS if good else WEAK_COMMENTS)
        _step(rng, handling, "evaluate")
        evaluation_save(
            actor=evaluator, suggestion=handling.suggestion, scores=scores, comment=comment
        )
        log.append((handling, "evaluate"))


def _target(rng, suggestion, targets) -> Suggestion | None:
    earlier = [
        t
        for t in targets.get(suggestion.service_area_id, [])
        if t.created_at < suggestion.created_at - timedelta(days=1)
    ]
    return rng.choice(earlier[-20:]) if earlier else None


def _hide_one(rng, handlings, coordinator, log) -> None:
    """A moderator hides one suggestion, to show that hidden ones leave the board."""
    if coordinator is None:
        return
    candidates = [
        h
        for h in handlings
        if h.path == "processing"
        and h.group_id is not None
        and h.suggestion.is_public
        and h.age > timedelta(days=5)
    ]
    if not candidates:
        return
    handling = candidates[len(candidates) // 3]
    _step(rng, handling, "hide")
    content_hide(actor=coordinator, reason=HIDDEN, suggestion=handling.suggestion)
    log.append((handling, "hide"))
