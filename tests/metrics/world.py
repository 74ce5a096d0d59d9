"""A small county, built through the real services on a stopped clock, whose every figure is
worked out by hand in the tests (January to March 2026):

- 10 Jan: Riikka (resident) submits s1 (Oulu, to group X); a signed-out student with an
  address submits s2 (Oulu, to X); a signed-out person with no address submits s3 (Lakeus, to
  group Y).
- 12 Jan: X asks Riikka for more about s1 (first response after 2 days). Noora, a professional,
  supports s1 and comments on it.
- 20 Jan: a coordinator transfers s2 from X to Y.
- 5 Feb: Y accepts s2 (first response and decision after 26 days); Riikka answers about s1.
- 10 Feb: Noora now calls herself a resident, and comments on s3.
- 1 Mar: Y starts implementing s2 and deploys it.
- 2 Mar: Y does not take s3 forward (51 days).
- 3 Mar: Riikka submits s4 (Oulu, to X) and withdraws it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from ideas.models import Suggestion
from ideas.services.community import comment_create, suggestion_support
from ideas.services.transitions import suggestion_transition
from popsote.accounts.services import profile_update
from popsote.taxonomy.models import DecisionReason, StakeholderGroup
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.labs.factories import at
from tests.labs.factories import frozen as frozen_clock

TODAY = at(2026, 3, 15)


@contextmanager
def frozen(moment):
    """The clock stopped at ``moment``, the suggestion's submission time too (its field's
    default holds the clock function itself, which the patch of ``timezone.now`` misses)."""
    field = Suggestion._meta.get_field("created_at")
    with frozen_clock(moment), mock.patch.object(field, "_get_default", lambda: moment):
        yield


@dataclass(frozen=True)
class World:
    x: int
    y: int
    s: dict[str, int]  # name → suggestion id
    people: dict[str, int]


def build_world() -> World:
    people = {
        "riikka": make_person(**PEOPLE["resident"]),
        "noora": make_person(**PEOPLE["professional"]),
        "coordinator": make_person(**PEOPLE["coordinator"]),
        "labs": make_person(**PEOPLE["labs_staff"]),
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "company": make_person("company@example.fi", stakeholder="company"),
        "handler_x": make_person("hx@example.fi", stakeholder="professional"),
        "handler_y": make_person("hy@example.fi", stakeholder="professional"),
    }
    x = make_group(
        "x", areas=["oulu"], members=[people["handler_x"]], first_response_days=7, decision_days=30
    )
    y = make_group(
        "y",
        areas=["lakeus"],
        members=[people["handler_y"]],
        first_response_days=7,
        decision_days=30,
    )
    riikka, noora = people["riikka"], people["noora"]
    hx, hy, coordinator = people["handler_x"], people["handler_y"], people["coordinator"]

    def move(who, name, action, **fields):
        suggestion = Suggestion.objects.get(pk=s[name])
        suggestion_transition(actor=who, suggestion=suggestion, action=action, **fields)

    s = {}
    with frozen(at(2026, 1, 10)):
        s["s1"] = submit(riikka, area="oulu").suggestion.pk
        s["s2"] = submit(email="student@example.fi", area="oulu", stakeholder_group="student")
        s["s2"] = s["s2"].suggestion.pk
        s["s3"] = submit(area="lakeus", stakeholder_group="other").suggestion.pk
    with frozen(at(2026, 1, 12)):
        move(hx, "s1", "request_info", message="Kertoisitko lisää?")
        suggestion_support(actor=noora, suggestion=Suggestion.objects.get(pk=s["s1"]))
        comment_create(actor=noora, suggestion=Suggestion.objects.get(pk=s["s1"]), body="Totta.")
    with frozen(at(2026, 1, 20)):
        move(coordinator, "s2", "transfer", group=y, message="Kuuluu Lakeudelle.")
    with frozen(at(2026, 2, 5)):
        move(hy, "s2", "accept", message="Hyvä ajatus, viemme eteenpäin.")
        move(riikka, "s1", "answer_info", message="Illat ovat pitkiä.")
    with frozen(at(2026, 2, 10)):
        profile_update(user=noora, stakeholder_group=StakeholderGroup.objects.get(code="resident"))
        comment_create(actor=noora, suggestion=Suggestion.objects.get(pk=s["s3"]), body="Samoin.")
    with frozen(at(2026, 3, 1)):
        move(hy, "s2", "start_implementation")
        move(hy, "s2", "mark_deployed")
    with frozen(at(2026, 3, 2)):
        move(
            hy,
            "s3",
            "not_advance",
            message="Ei nyt.",
            reason=DecisionReason.objects.filter(is_active=True).first(),
        )
    with frozen(at(2026, 3, 3)):
        s["s4"] = submit(riikka, area="oulu").suggestion.pk
        move(riikka, "s4", "withdraw")
    return World(x=x.pk, y=y.pk, s=s, people={name: user.pk for name, user in people.items()})
