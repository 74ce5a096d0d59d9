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
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection

from ideas import services
from ideas.evaluation import evaluation_save
from ideas.lifecycle import DECIDED_STATES, RESPONSE_ACTIONS, Action
from ideas.models import Evaluation, ImpactAssessment, Suggestion, SuggestionEvent
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

QUESTIONS = [
    "Kiitos ehdotuksesta! Voisitteko kertoa, missä yksikössä tai millä paikkakunnalla tilanne "
    "on tullut vastaan?",
    "Tarvitsemme vähän lisätietoa: kuinka usein tilanne toistuu, ja koskeeko se tiettyjä "
    "kellonaikoja tai viikonpäiviä?",
    "Onko ehdotuksessa kuvattua mallia kokeiltu jo jossain? Kertoisitteko, mistä olette "
    "kuulleet siitä?",
    "Keitä muutos koskisi eniten? Kertokaa vielä, millaista apua olisitte itse kaivanneet.",
]
ANSWERS = [
    "Tilanne on toistunut useita kertoja viimeisen puolen vuoden aikana, ja samaa ovat "
    "kertoneet muutkin samassa tilanteessa olevat.",
    "Kyse on lähimmästä sote-keskuksestamme. Ongelma on pahin arki-iltaisin ja viikonloppuisin.",
    "Naapurikunnassa on kokeiltu vastaavaa, ja kokemukset ovat olleet hyviä.",
    "Muutos auttaisi erityisesti ikääntyneitä ja niitä, joilla ei ole omaa autoa.",
]
ACCEPTED = [
    "Ryhmä päätti viedä ehdotuksen kehittämiseen. Ensimmäinen kokeilu alkaa kahden yksikön "
    "kanssa, ja kerromme tuloksista tällä sivulla.",
    "Ehdotus vastaa tarpeeseen, josta olemme saaneet palautetta muualtakin. Viemme sen "
    "kehittämiseen, ja vastuuhenkilö kokoaa työryhmän henkilöstöstä ja asiakkaista.",
    "Kiitos hyvästä ehdotuksesta! Otamme sen kehittämiseen osana alueen toimintasuunnitelmaa; "
    "ensimmäiset muutokset näkyvät tämän vuoden aikana.",
]
STARTED = [
    "Toteutus on alkanut. Kokeilu käynnistyy ensin kahdessa yksikössä, ja kokemuksia kerätään "
    "asiakkailta ja henkilöstöltä.",
    "Työryhmä on aloittanut toteutuksen. Kerromme etenemisestä tällä sivulla.",
]
DEPLOYED = [
    "Uusi toimintatapa on otettu käyttöön koko alueella. Vaikutuksia arvioidaan puolen vuoden "
    "kuluttua.",
    "Kokeilu onnistui, ja käytäntö on nyt vakiintunut. Kiitos kaikille, jotka osallistuivat "
    "kehittämiseen!",
]
NOT_ADVANCED = {
    "already-planned": "Kiitos ehdotuksesta. Sama kehittämistyö on jo käynnissä osana "
    "hyvinvointialueen palveluverkkosuunnitelmaa, joten emme aloita erillistä hanketta. "
    "Välitämme ehdotuksen työryhmälle taustatiedoksi.",
    "not-feasible": "Ehdotus on hyvä, mutta sen toteuttaminen vaatisi lisähenkilöstöä, johon "
    "nykyisessä taloustilanteessa ei ole mahdollisuutta. Palaamme asiaan, jos tilanne muuttuu.",
    "legislation": "Ehdotettu muutos ei ole mahdollinen voimassa olevan lainsäädännön vuoksi. "
    "Selvitimme asian lakimiestemme kanssa, ja ryhmä seuraa lainsäädännön valmistelua.",
    "low-benefit": "Arvioimme ehdotuksen hyödyt ja kustannukset. Hyöty jäisi tässä vaiheessa "
    "pieneksi kustannuksiin nähden, joten ehdotus ei etene. Kiitos, että toit asian esiin.",
    "outside-county": "Asia kuuluu kunnan eikä hyvinvointialueen tehtäviin. Olemme välittäneet "
    "ehdotuksen kunnan hyvinvointikoordinaattorille.",
}
MERGED = (
    "Sama tarve on esitetty jo aiemmin ehdotuksessa {reference}. Yhdistimme ehdotukset, jotta "
    "asia käsitellään yhdessä paikassa; tuet ja seuraajat siirtyivät sinne."
)
# Services that already answer a need, by service area (national services that exist).
SOLUTIONS = {
    "mental-health-substance": (
        "https://www.mielenterveystalo.fi/",
        "Tähän on jo ratkaisu: Mielenterveystalo.fi tarjoaa maksuttomia nettiterapioita ja "
        "omahoito-ohjelmia. Lisäämme tiedon palvelusta sote-keskusten sivuille.",
    ),
    "digital": (
        "https://www.omaolo.fi/",
        "Tähän on jo ratkaisu: Omaolo-palvelussa voi tehdä oirearvion ja asioida sähköisesti "
        "ympäri vuorokauden. Kerromme palvelusta jatkossa paremmin.",
    ),
    "health-medical": (
        "https://www.omaolo.fi/",
        "Omaolo-palvelussa voi jo tehdä oirearvion ja hoitaa monet asiat ilman jonottamista. "
        "Lisäämme ohjeet palvelun käyttöön ajanvarauksen yhteyteen.",
    ),
}
SOLUTION = (
    "https://www.terveyskyla.fi/",
    "Terveyskylä.fi:n taloissa on jo tietoa ja omahoitoa tähän aiheeseen. Henkilöstö ohjaa "
    "asiakkaita palveluun entistä aktiivisemmin.",
)
WITHDRAWN = [
    "Asia ratkesi toista kautta, joten peruin ehdotuksen.",
    "Huomasin, että asiasta on jo tehty toinen ehdotus.",
    "",
]
NOTES = [
    "Otetaan esille seuraavassa ryhmän kokouksessa.",
    "Kysytty palveluesimieheltä arviota kustannuksista ja henkilöstötarpeesta.",
    "Liittyy alueella jo käynnissä olevaan kehittämistyöhön; tarkistetaan päällekkäisyys.",
    "Sama asia on noussut esiin asiakaspalautteessa; kannattaa selvittää laajemmin.",
]
GOOD_COMMENTS = [
    "Selvä hyöty asiakkaille, ja toteutus onnistuu nykyisin resurssein.",
    "Kannatan. Kokeilu kannattaa aloittaa yhdessä yksikössä ja laajentaa kokemusten mukaan.",
    "Hyvä ehdotus; kustannukset pitää vielä tarkistaa talousyksiköstä.",
    "",
]
WEAK_COMMENTS = [
    "Hyöty jää epäselväksi, ja toteutus vaatisi lisähenkilöstöä.",
    "Sama asia on jo työn alla toisessa hankkeessa.",
    "",
]
TRANSFERRED = "Siirretty ryhmälle, jonka vastuulle asia kuuluu."
HIDDEN = "Sisältää tunnistettavia tietoja."


@dataclass
class Handling:
    """One suggestion on its way: the times of its events, in the order they were written."""

    suggestion: Suggestion
    path: str
    age: timedelta
    steps: list[tuple[str, float]] = field(default_factory=list)  # (step, gap in seconds)
    times: list[datetime] = field(default_factory=list)
    group_id: int | None = None
    assignee = None


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
    marker = _last_pk(SuggestionEvent)
    notification_marker = _last_pk(Notification)
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
    times = _backdate(handlings, log, marker)
    _backdate_notifications(now, times, notification_marker)
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
    services.suggestion_route_new(suggestion, groups=groups)
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
    services.suggestion_transition(
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
        services.suggestion_transition(
            actor=actor or handler(), suggestion=s, action=action, **extra
        )
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
        services.suggestion_assign(actor=chair, suggestion=s, assignee=handling.assignee)
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
        services.suggestion_add_note(actor=handler(), suggestion=s, note=rng.choice(NOTES))
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
    services.content_hide(actor=coordinator, reason=HIDDEN, suggestion=handling.suggestion)
    log.append((handling, "hide"))


def _schedule(handling: Handling) -> None:
    """The time of each step: the gaps after submission, squeezed to fit before today."""
    total = sum(gap for _, gap in handling.steps)
    room = handling.age.total_seconds() * 0.95
    scale = room / total if total > room else 1.0
    at = handling.suggestion.created_at
    for _, gap in handling.steps:
        at += timedelta(seconds=gap * scale)
        handling.times.append(at)


def _last_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _backdate(handlings: list[Handling], log, marker: int) -> dict[int, datetime]:
    """Give the events, service-level times and impact assessments the planned dates; the
    events' new times by id in return."""
    for handling in handlings:
        _schedule(handling)
    events = SuggestionEvent.objects.filter(pk__gt=marker).order_by("pk")
    position = defaultdict(int)
    times, first_response, decided, deployed, evaluated = {}, {}, {}, {}, {}
    rows = events.values_list("pk", "action", "to_state", "actor_id")
    for (event_pk, action, to_state, actor_id), (handling, _) in zip(rows, log, strict=True):
        pk = handling.suggestion.pk
        at = times[event_pk] = handling.times[position[pk]]
        position[pk] += 1
        # The same rules as the services' own (``_advance_service_levels``), at the new times.
        if action in RESPONSE_ACTIONS:
            first_response.setdefault(pk, at)
        if to_state in DECIDED_STATES:
            decided.setdefault(pk, at)
        if action == Action.MARK_DEPLOYED:
            deployed[pk] = at
        if action == Action.EVALUATE:
            evaluated[pk, actor_id] = at
    _set_times(SuggestionEvent, ["created_at"], list(times.items()))
    _set_times(
        Suggestion,
        ["first_response_at", "decided_at"],
        [(pk, first_response.get(pk), decided.get(pk)) for pk in first_response | decided],
    )
    after = services.IMPACT_ASSESSMENT_AFTER
    _set_times(
        ImpactAssessment,
        ["opened_at", "due_at"],
        [
            (pk, deployed[suggestion_id], deployed[suggestion_id] + after)
            for pk, suggestion_id in ImpactAssessment.objects.filter(
                suggestion_id__in=deployed
            ).values_list("pk", "suggestion_id")
        ],
    )
    scored = Evaluation.objects.filter(suggestion_id__in={pk for pk, _ in evaluated})
    _set_times(
        Evaluation,
        ["created_at", "updated_at"],
        [
            (pk, evaluated[suggestion_id, evaluator_id], evaluated[suggestion_id, evaluator_id])
            for pk, suggestion_id, evaluator_id in scored.values_list(
                "pk", "suggestion_id", "evaluator_id"
            )
            if (suggestion_id, evaluator_id) in evaluated
        ],
    )
    return times


# Notifications of the last days stay unread, so that the demo people find some news.
UNREAD_DAYS = 10


def _backdate_notifications(now, times: dict[int, datetime], marker: int) -> None:
    """The handling notified submitters, followers and groups as the site does (quietly: no
    e-mail, see ``seed``); those rows are history now. They get their event's time and the
    older ones count as read."""
    written = Notification.objects.filter(pk__gt=marker)
    rows = []
    for pk, source in written.values_list("pk", "source"):
        _, _, event_pk = source.partition("suggestion_event:")
        at = times.get(int(event_pk)) if event_pk.isdigit() else None
        if at is not None:
            read = at if at < now - timedelta(days=UNREAD_DAYS) else None
            rows.append((pk, at, read))
    _set_times(Notification, ["created_at", "read_at"], rows)


def _set_times(model, columns: list[str], rows: list[tuple]) -> None:
    """Set ``columns`` (date-times) of many rows, ``(id, *values)``, in one statement a
    thousand: an ``update`` per row would be a query per row."""
    if not rows:
        return
    from psycopg2.extras import execute_values

    table = model._meta.db_table
    assignments = ", ".join(f"{column} = v.{column}::timestamptz" for column in columns)
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 (names from our models)
            f"FROM (VALUES %s) AS v(id, {', '.join(columns)}) WHERE t.id = v.id",
            rows,
            page_size=1000,
        )
