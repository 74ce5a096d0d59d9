"""Demo handler groups and the demo suggestions they handled: routed by the real routing, moved
through the lifecycle by the services, with timelines that hold together."""

from itertools import pairwise

import pytest
from django.db.models import Count

from ideas.lifecycle import DECIDED_STATES, OPEN_STATES, RESPONSE_ACTIONS, Action, State
from ideas.models import Evaluation, ImpactAssessment, Suggestion, SuggestionEvent
from popsote.accounts.models import User
from popsote.taxonomy.models import EvaluationCriterion
from processing_groups.demo import DEMO_GROUPS, DEMO_HANDLERS
from processing_groups.models import HandlerGroup, Membership
from processing_groups.routing import RoutingFacts, group_for, routing_candidates
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db

HANDLER = "handler@demo.popsote.fi"


def counts() -> dict[str, int]:
    return {
        "groups": HandlerGroup.objects.count(),
        "memberships": Membership.objects.count(),
        "users": User.objects.count(),
        "suggestions": Suggestion.objects.count(),
        "events": SuggestionEvent.objects.count(),
        "assessments": ImpactAssessment.objects.count(),
    }


@pytest.fixture
def now(seeded_demo):
    return (
        SuggestionEvent.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    )


def test_it_creates_the_groups_of_each_type_with_their_targets(seeded_demo):
    groups = {group.slug: group for group in HandlerGroup.objects.all()}

    assert set(groups) == {demo.slug for demo in DEMO_GROUPS}
    regional = [g for g in groups.values() if g.type == HandlerGroup.Type.REGIONAL]
    assert sorted(area.code for g in regional for area in g.areas.all()) == sorted(
        ["koillismaa", "oulunkaari", "oulu", "lakeus", "oulun-etelainen", "rannikkoseutu"]
    )
    assert groups["oulu"].name == "Oulun alueen kehittämisryhmä"
    assert {g.type for g in groups.values()} == set(HandlerGroup.Type)
    targets = {(g.first_response_days, g.decision_days) for g in groups.values()}
    assert (14, 60) in targets
    assert any(first < 14 and decision < 60 for first, decision in targets)
    assert "Demo handler groups: " in seeded_demo


def test_it_puts_the_demo_handler_in_a_group_and_gives_every_group_a_chair(seeded_demo):
    handler = User.objects.get(email=HANDLER)

    assert Membership.objects.filter(user=handler, group__slug="oulu", role="chair").exists()
    for group in HandlerGroup.objects.annotate(
        chairs=Count("memberships", filter=models_q(role="chair")),
        members=Count("memberships"),
    ):
        assert group.chairs == 1, group.slug
        assert group.members >= 2, group.slug


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**{f"memberships__{key}": value for key, value in kwargs.items()})


def test_it_lets_the_extra_handlers_sign_in_with_the_demo_password(seeded_demo, client, settings):
    demo = DEMO_HANDLERS[0]
    user = User.objects.get(email=demo.email)

    assert user.check_password(settings.POPSOTE_DEMO_PASSWORD)
    assert user.stakeholder_group.code == "professional"
    assert user.group_memberships.exists()


def test_it_routes_with_the_real_routing_and_every_group_gets_suggestions(seeded_demo):
    candidates = list(routing_candidates())
    routed_at_submission = SuggestionEvent.objects.filter(
        action=Action.ROUTE, actor__isnull=True
    ).select_related("suggestion__kind")

    assert routed_at_submission.count() > 150
    for event in routed_at_submission:
        expected = group_for(RoutingFacts.of(event.suggestion), groups=candidates)
        assert expected is not None
        assert event.data["group"] == expected.slug, event.suggestion.reference
    routed_slugs = set(routed_at_submission.values_list("data__group", flat=True))
    assert routed_slugs == {demo.slug for demo in DEMO_GROUPS}
    # What routing could not place is in triage, and the older ones the coordinators placed.
    triage = SuggestionEvent.objects.filter(action=Action.TRIAGE)
    assert triage.exists()
    assert Suggestion.objects.filter(group=None, state=State.RECEIVED).exists()
    assert SuggestionEvent.objects.filter(
        action=Action.ROUTE, actor__email="coordinator@demo.popsote.fi"
    ).exists()


def test_it_has_suggestions_in_every_state(seeded_demo):
    states = dict(Suggestion.objects.values_list("state").annotate(n=Count("id")).order_by())
    total = sum(states.values())

    assert set(states) == set(State)
    open_share = sum(states[state] for state in OPEN_STATES) / total
    assert 0.3 < open_share < 0.7
    assert states[State.IN_PROCESSING] > states[State.DEPLOYED]


def test_it_records_what_each_decision_needs(seeded_demo):
    not_advanced = Suggestion.objects.filter(state=State.NOT_ADVANCED)
    assert not not_advanced.filter(not_advanced_reason=None).exists()
    existing = Suggestion.objects.filter(state=State.EXISTING_SOLUTION)
    assert not existing.filter(solution_link="").exists()
    merged = Suggestion.objects.filter(state=State.MERGED).select_related("merged_into")
    for suggestion in merged:
        assert suggestion.merged_into.state not in {State.MERGED, State.WITHDRAWN}
        assert suggestion.merged_into.created_at < suggestion.created_at
    decisions = SuggestionEvent.objects.filter(to_state__in=DECIDED_STATES).exclude(
        from_state__in=DECIDED_STATES
    )
    assert decisions.exists()
    assert not decisions.filter(public_message="").exists()
    deployed = Suggestion.objects.filter(state=State.DEPLOYED)
    assert ImpactAssessment.objects.filter(suggestion__in=deployed).count() == deployed.count()
    assert SuggestionEvent.objects.filter(action=Action.ANSWER_INFO).exists()
    assert SuggestionEvent.objects.filter(action=Action.ASSIGN).exists()
    assert SuggestionEvent.objects.filter(action=Action.NOTE, is_public=False).exists()


def test_it_keeps_every_timeline_in_order_and_in_the_past(seeded_demo, now):
    from django.utils import timezone

    assert now <= timezone.now()
    for suggestion in Suggestion.objects.prefetch_related("events"):
        events = list(suggestion.events.all())
        times = [event.created_at for event in events]
        assert times == sorted(times), suggestion.reference
        assert len(set(times)) == len(times), suggestion.reference
        assert events[0].action == Action.SUBMIT
        assert events[0].created_at == suggestion.created_at
        moves = [e for e in events if e.from_state != e.to_state]
        assert moves[-1].to_state == suggestion.state, suggestion.reference
        # Each move starts where the one before ended.
        for before, after in pairwise(moves):
            assert after.from_state == before.to_state, suggestion.reference


def test_it_back_dates_the_service_levels_with_the_events(seeded_demo, now):
    suggestions = Suggestion.objects.prefetch_related("events").select_related("group")
    overdue = 0
    for suggestion in suggestions:
        events = list(suggestion.events.all())
        responses = [e.created_at for e in events if e.action in RESPONSE_ACTIONS]
        assert suggestion.first_response_at == (responses[0] if responses else None)
        decisions = [e.created_at for e in events if e.to_state in DECIDED_STATES]
        assert suggestion.decided_at == (decisions[0] if decisions else None)
        if suggestion.decided_at:
            assert suggestion.decided_at > suggestion.created_at
        if suggestion.group_id:
            assert suggestion.response_due_at > suggestion.created_at
            assert suggestion.decision_due_at >= suggestion.response_due_at
        if suggestion.state not in OPEN_STATES or suggestion.group_id is None:
            assert suggestion.due_at is None, suggestion.reference
        elif suggestion.first_response_at is None:
            assert suggestion.due_at == suggestion.response_due_at
        else:
            assert suggestion.due_at == suggestion.decision_due_at
        overdue += suggestion.deadline_state(now) == "overdue"
    total = suggestions.count()
    assert 0 < overdue < 0.4 * total
    # Most decisions came within the group's target: handling looks like work, not neglect.
    decided = Suggestion.objects.exclude(decided_at=None)
    on_time = [s for s in decided if s.decided_at <= s.decision_due_at]
    assert len(on_time) > 0.6 * decided.count()


def test_it_spreads_the_handling_over_months(seeded_demo, now):
    decided = Suggestion.objects.exclude(decided_at=None)
    days = sorted((s.decided_at - s.created_at).days for s in decided)

    assert days[len(days) // 2] >= 7
    assert (now - min(s.decided_at for s in decided)).days > 180
    for assessment in ImpactAssessment.objects.select_related("suggestion"):
        assert assessment.opened_at > assessment.suggestion.decided_at
        assert (assessment.due_at - assessment.opened_at).days == 180


def test_it_has_members_evaluate_before_the_group_decides(seeded_demo):
    evaluations = Evaluation.objects.select_related("suggestion").prefetch_related("scores")

    assert evaluations.count() > 20
    criteria = EvaluationCriterion.objects.active().count()
    for evaluation in evaluations:
        assert evaluation.scores.count() == criteria
        event = SuggestionEvent.objects.get(
            suggestion=evaluation.suggestion, action=Action.EVALUATE, actor=evaluation.evaluator
        )
        assert evaluation.created_at == evaluation.updated_at == event.created_at
        assert event.from_state in {State.IN_PROCESSING, State.INFO_REQUESTED}
        assert Membership.objects.filter(
            user=evaluation.evaluator, group=evaluation.suggestion.group
        ).exists()
        decided_at = evaluation.suggestion.decided_at
        assert decided_at is None or evaluation.created_at < decided_at


def test_it_hides_one_suggestion_with_a_moderators_event(seeded_demo):
    hidden = Suggestion.objects.get(is_hidden=True)

    hide = hidden.events.get(action=Action.HIDE)
    assert not hide.is_public
    assert hide.internal_note


def test_it_creates_nothing_new_the_second_time(seeded_demo):
    before = counts()

    out = seed_demo(force=True)

    assert counts() == before
    assert "Demo suggestions: already there" in out


def test_its_history_notifies_in_the_site_but_mails_nobody(seeded_demo):
    from popsote.notifications.models import EmailState, Notification

    written = Notification.objects.all()
    assert written.filter(recipient__email="handler@demo.popsote.fi").exists()
    assert not written.exclude(email_state=EmailState.SKIPPED).exists()
    # Signed-out submitters' notifications exist only as e-mail: none were written.
    assert not written.filter(recipient=None).exists()


def test_it_completes_some_impact_assessments_and_leaves_one_due_and_one_overdue(
    seeded_demo, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from ideas.lifecycle import ImpactState

    now = timezone.now()
    done = ImpactAssessment.objects.filter(state=ImpactState.COMPLETED).select_related("suggestion")
    assert done.count() >= 3
    for assessment in done.prefetch_related("indicators", "events"):
        assert assessment.suggestion.state == State.DEPLOYED
        assert assessment.summary and assessment.evaluated_on
        assert any(indicator.is_measured for indicator in assessment.indicators.all())
        assert all(effect["value"] for effect in assessment.effects())
        completion = [e for e in assessment.events.all() if e.action == "complete"]
        assert [e.created_at for e in completion] == [assessment.completed_at]
        assert assessment.opened_at < assessment.completed_at < now
    grace = timedelta(days=settings.IDEAS_IMPACT_OVERDUE_DAYS)
    fallen = ImpactAssessment.objects.open().filter(due_at__lt=now)
    assert fallen.filter(due_at__lt=now - grace).count() == 1
    assert fallen.filter(due_at__gte=now - grace).count() == 1
    assert "impact assessments completed" in seeded_demo
