"""Evaluation: members score every criterion 1–5 with a comment; the group sees averages and
who has not evaluated yet; nobody else learns that evaluations exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.lifecycle import Action, State
from ideas.models import Evaluation, EvaluationScore, Suggestion, SuggestionEvent
from ideas.permissions import can_evaluate
from ideas.selectors.evaluation import evaluated_suggestion_ids, is_evaluated_by, summary
from ideas.services.evaluation import evaluation_save
from ideas.views.evaluation import panel_for
from popsote.core.lifecycle import IllegalTransition
from popsote.taxonomy.models import EvaluationCriterion
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion
from tests.ideas.community import detail_url, quick_user, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(group):
    return group_suggestion(group)


def criteria():
    return list(EvaluationCriterion.objects.active())


def all_scores(value: int = 4) -> dict:
    return dict.fromkeys(criteria(), value)


def form_data(value: int = 4, comment: str = "Hyvä idea") -> dict:
    data = {f"score_{criterion.code}": str(value) for criterion in criteria()}
    data["comment"] = comment
    return data


# --- The service ------------------------------------------------------------------------------


def test_it_saves_every_score_and_records_an_internal_event(member, suggestion):
    saved = evaluation_save(
        actor=member, suggestion=suggestion, scores=all_scores(4), comment=" Hyödyllinen "
    )

    assert saved.comment == "Hyödyllinen"
    assert EvaluationScore.objects.filter(evaluation=saved).count() == len(criteria()) >= 6
    event = SuggestionEvent.objects.get(suggestion=suggestion, action=Action.EVALUATE)
    assert event.actor == member
    assert event.is_public is False
    assert event.from_state == event.to_state == State.IN_PROCESSING
    assert event.data["scores"] == {c.code: 4 for c in criteria()}


def test_it_accepts_criteria_given_by_code(member, suggestion):
    scores = {criterion.code: 2 for criterion in criteria()}

    evaluation_save(actor=member, suggestion=suggestion, scores=scores)

    assert set(EvaluationScore.objects.values_list("score", flat=True)) == {2}


def test_it_changes_the_members_own_evaluation_instead_of_adding_one(member, suggestion):
    evaluation_save(actor=member, suggestion=suggestion, scores=all_scores(2))
    evaluation_save(
        actor=member, suggestion=suggestion, scores=all_scores(5), comment="Muutin mieltäni"
    )

    assert Evaluation.objects.filter(suggestion=suggestion).count() == 1
    assert set(EvaluationScore.objects.values_list("score", flat=True)) == {5}
    assert Evaluation.objects.get().comment == "Muutin mieltäni"
    assert SuggestionEvent.objects.filter(action=Action.EVALUATE).count() == 2


@pytest.mark.parametrize("bad", [None, 0, 6, "x"])
def test_it_names_the_criterion_without_a_valid_score(member, suggestion, bad):
    first, *rest = criteria()
    scores = dict.fromkeys(rest, 3)
    if bad is not None:
        scores[first] = bad

    with pytest.raises(ValidationError) as raised:
        evaluation_save(actor=member, suggestion=suggestion, scores=scores)

    assert list(raised.value.message_dict) == [f"score_{first.code}"]
    assert not Evaluation.objects.exists()
    assert not SuggestionEvent.objects.filter(action=Action.EVALUATE).exists()


def test_it_refuses_a_comment_with_a_personal_identity_code(member, suggestion):
    with pytest.raises(ValidationError) as raised:
        evaluation_save(
            actor=member, suggestion=suggestion, scores=all_scores(), comment="Asiakas 131052-308T"
        )

    assert "comment" in raised.value.message_dict
    assert not Evaluation.objects.exists()


def test_it_ignores_retired_criteria(member, suggestion):
    retired = criteria()[0]
    EvaluationCriterion.objects.filter(pk=retired.pk).update(is_active=False)

    evaluation_save(actor=member, suggestion=suggestion, scores=all_scores())

    assert not EvaluationScore.objects.filter(criterion=retired).exists()


ROLES = ["signed_out", "outsider", "other_group_member", "member", "chair", "coordinator"]


@pytest.fixture
def person(request, chair, member, coordinator):
    def make(role):
        if role == "signed_out":
            return AnonymousUser()
        if role == "outsider":
            return quick_user("outsider@example.fi")
        if role == "other_group_member":
            other = quick_user("other-group@example.fi")
            make_group("lakeus", members=[other])
            return other
        return {"member": member, "chair": chair, "coordinator": coordinator}[role]

    return make


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.RECEIVED, False),
        (State.IN_PROCESSING, True),
        (State.INFO_REQUESTED, True),
        (State.ACCEPTED, False),
        (State.IN_IMPLEMENTATION, False),
        (State.DEPLOYED, False),
        (State.NOT_ADVANCED, False),
        (State.MERGED, False),
        (State.EXISTING_SOLUTION, False),
        (State.WITHDRAWN, False),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_handlers_evaluate_while_the_suggestion_is_processed(
    person, group, role, state, allowed
):
    suggestion = group_suggestion(group, state=state)
    actor = person(role)
    is_handler = role in ("member", "chair", "coordinator")

    if not is_handler:
        expected = PermissionDenied
    elif not allowed:
        expected = IllegalTransition
    else:
        expected = None

    if expected is None:
        evaluation_save(actor=actor, suggestion=suggestion, scores=all_scores())
        assert Evaluation.objects.filter(suggestion=suggestion, evaluator=actor).exists()
    else:
        with pytest.raises(expected):
            evaluation_save(actor=actor, suggestion=suggestion, scores=all_scores())
        assert not Evaluation.objects.exists()
    assert can_evaluate(actor, suggestion) is (expected is None)
    assert (panel_for(actor, suggestion) is not None) is is_handler


# --- What the group sees ----------------------------------------------------------------------


def test_it_gives_averages_per_criterion_and_overall_and_who_is_missing(
    chair, member, coordinator, suggestion
):
    first, second, *rest = criteria()
    late = quick_user("late@example.fi")
    from processing_groups.models import Membership

    Membership.objects.create(group=suggestion.group, user=late)
    evaluation_save(
        actor=chair, suggestion=suggestion, scores={first: 5, second: 1, **dict.fromkeys(rest, 3)}
    )
    evaluation_save(
        actor=member, suggestion=suggestion, scores={first: 4, second: 2, **dict.fromkeys(rest, 3)}
    )
    # A coordinator's evaluation counts; coordinators are not expected to evaluate.
    evaluation_save(actor=coordinator, suggestion=suggestion, scores=all_scores(3))

    result = summary(suggestion)

    averages = {row.criterion.code: row.average for row in result.criteria}
    assert averages[first.code] == 4.0
    assert averages[second.code] == 2.0
    assert averages[rest[0].code] == 3.0
    assert result.count == 3
    assert result.overall == 3.0
    assert result.missing == [late]


def test_it_has_no_averages_before_anyone_evaluates(chair, member, suggestion):
    result = summary(suggestion)

    assert result.count == 0
    assert result.overall is None
    assert all(row.average is None for row in result.criteria)
    assert set(result.missing) == {chair, member}


def _evaluators(suggestion, count: int) -> None:
    from processing_groups.models import Membership

    for number in range(count):
        user = quick_user(f"evaluator{number}-{suggestion.pk}@example.fi")
        Membership.objects.create(group=suggestion.group, user=user)
        evaluation_save(actor=user, suggestion=suggestion, scores=all_scores(3))


def _panel_queries(user, suggestion) -> int:
    user = type(user).objects.get(pk=user.pk)  # no cached roles
    with CaptureQueriesContext(connection) as queries:
        panel = panel_for(user, suggestion)
        assert panel is not None
    return len(queries)


def test_it_reads_the_panel_in_the_same_queries_for_few_and_many_evaluations(
    group, member, suggestion
):
    other = group_suggestion(group, title="Toinen ehdotus iltakäynneistä")
    _evaluators(suggestion, 1)
    _evaluators(other, 12)

    few = _panel_queries(member, suggestion)
    many = _panel_queries(member, other)

    assert few == many
    assert many <= 7


def test_it_prefills_the_form_with_the_members_own_evaluation(member, suggestion):
    first, *rest = criteria()
    evaluation_save(
        actor=member, suggestion=suggestion, scores={first: 2, **dict.fromkeys(rest, 5)}
    )

    panel = panel_for(member, suggestion)

    assert panel["mine"].evaluator == member
    assert panel["form"].initial[f"score_{first.code}"] == 2
    assert panel["form"].initial["comment"] == ""


def test_it_shows_the_summary_without_a_form_once_decided(member, suggestion):
    evaluation_save(actor=member, suggestion=suggestion, scores=all_scores())
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.ACCEPTED)
    suggestion.refresh_from_db()

    panel = panel_for(member, suggestion)

    assert panel["form"] is None
    assert panel["summary"].count == 1


def test_it_lists_the_suggestions_a_person_has_evaluated(group, member, chair, suggestion):
    other = group_suggestion(group, title="Toinen ehdotus iltakäynneistä")
    evaluation_save(actor=member, suggestion=suggestion, scores=all_scores())
    evaluation_save(actor=chair, suggestion=other, scores=all_scores())

    mine = Suggestion.objects.filter(pk__in=evaluated_suggestion_ids(member))
    flagged = dict(
        Suggestion.objects.annotate(done=is_evaluated_by(member)).values_list("pk", "done")
    )

    assert list(mine) == [suggestion]
    assert flagged == {suggestion.pk: True, other.pk: False}
    assert not Suggestion.objects.filter(pk__in=evaluated_suggestion_ids(AnonymousUser())).exists()


# --- The form on the page ---------------------------------------------------------------------


def test_it_saves_the_posted_evaluation_and_goes_back_to_the_suggestion(
    client_for, member, suggestion
):
    response = client_for(member).post(url("evaluate", suggestion.reference), form_data(4))

    assert response.status_code == 302
    assert response["Location"] == f"{suggestion.get_absolute_url()}#evaluation"
    assert Evaluation.objects.get().comment == "Hyvä idea"


@pytest.mark.parametrize("page", ["suggestion page", "evaluation page"])
def test_it_shows_a_fieldset_of_scores_for_each_criterion(client_for, member, suggestion, page):
    """The member scores on the suggestion page itself; the evaluation page is where the form
    comes back with its errors."""
    address = (
        detail_url(suggestion)
        if page == "suggestion page"
        else url("evaluate", suggestion.reference)
    )
    response = client_for(member).get(address)

    html = response.content.decode()
    assert f'action="{url("evaluate", suggestion.reference)}"' in html
    assert response.status_code == 200
    for criterion in criteria():
        assert f"<legend>{criterion.name_en}" in html
        for score in range(1, 6):
            assert f'name="score_{criterion.code}" value="{score}"' in html
    assert "Save evaluation" in html


def test_it_keeps_what_was_typed_and_names_the_missing_score(client_for, member, suggestion):
    first = criteria()[0]
    data = form_data(5, comment="Kesken jäi")
    del data[f"score_{first.code}"]

    response = client_for(member).post(url("evaluate", suggestion.reference), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'href="#evaluation-score_{first.code}">{first.name_en}: Give a score from 1 to 5.' in html
    )
    assert "Kesken jäi</textarea>" in html
    second = criteria()[1]
    assert (
        f'name="score_{second.code}" value="5" required '
        f'id="evaluation-score_{second.code}_4" checked' in html
    )
    assert not Evaluation.objects.exists()


def test_it_answers_409_when_the_suggestion_was_decided_meanwhile(client_for, member, suggestion):
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.ACCEPTED)

    response = client_for(member).post(url("evaluate", suggestion.reference), form_data())

    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("private", [False, True])
def test_it_answers_404_to_people_outside_the_group(client_for, suggestion, private):
    Suggestion.objects.filter(pk=suggestion.pk).update(is_private=private)
    outsider = quick_user("outsider@example.fi")

    response = client_for(outsider).post(url("evaluate", suggestion.reference), form_data())

    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_it_sends_a_signed_out_person_to_sign_in(client_for, suggestion):
    response = client_for(None).post(url("evaluate", suggestion.reference), form_data())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
