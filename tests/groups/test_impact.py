"""Impact assessment of a deployed suggestion: the group drafts, completes and reopens it; the
completed public part shows on the suggestion page and in the API; the group is reminded when
it falls due and once more when it is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.lifecycle import ImpactAction, ImpactState
from ideas.models import ImpactAssessment, ImpactAssessmentEvent, ImpactIndicator
from ideas.services.impact import impact_complete, impact_reopen, impact_save
from ideas.services.notifications import PRIVATE_LINK
from ideas.tasks import remind_impact_due_task
from popsote.core.lifecycle import IllegalTransition
from popsote.notifications.models import Category, Notification
from processing_groups.models import Membership
from tests.groups.impact_helpers import (
    FILLED,
    completed,
    deployed,
    form_post,
    impact_url,
    indicator,
)
from tests.groups.meeting_helpers import group_url
from tests.ideas.community import detail_url, quick_user
from tests.ideas.test_api_helpers import api, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(group, member, chair, coordinator, resident):
    return deployed(group, coordinator, submitter=resident)


# --- Opening ----------------------------------------------------------------------------------


def test_deployment_opens_the_assessment_due_the_configured_days_later(
    group, coordinator, settings
):
    settings.IDEAS_IMPACT_DUE_DAYS = 90
    before = timezone.now()

    opened = deployed(group, coordinator)

    assert opened.state == ImpactState.DRAFT
    assert opened.opened_at >= before
    assert opened.due_at - opened.opened_at == timedelta(days=90)


# --- The services -----------------------------------------------------------------------------


def test_a_draft_saves_whatever_is_there_and_records_an_internal_event(assessment, member):
    impact_save(
        actor=member,
        assessment=assessment,
        data={"summary": "  Kesken  ", "effect_staff": "improved"},
        indicators=[indicator(result_value=None), indicator(2)],
    )

    saved = ImpactAssessment.objects.get(pk=assessment.pk)
    assert saved.state == ImpactState.DRAFT
    assert saved.summary == "Kesken"
    assert saved.effect_staff == "improved"
    assert [i.name for i in saved.indicators.all()] == ["Odotusaika 1", "Odotusaika 2"]
    event = ImpactAssessmentEvent.objects.get(assessment=assessment)
    assert (event.action, event.actor, event.is_public) == (ImpactAction.SAVE, member, False)
    assert set(event.data["fields"]) == {"summary", "effect_staff"}

    impact_save(actor=member, assessment=assessment, data={}, indicators=[indicator(3)])
    assert list(saved.indicators.values_list("name", flat=True)) == ["Odotusaika 3"]


def test_completing_names_every_missing_part_and_saves_nothing(assessment, member):
    half_measured = indicator(result_value=None)
    with pytest.raises(ValidationError) as raised:
        impact_complete(
            actor=member,
            assessment=assessment,
            data={"summary": "", "effect_clients": "improved"},
            indicators=[half_measured],
        )

    assert set(raised.value.message_dict) == {
        "indicators",
        "effect_staff",
        "effect_quality",
        "effect_costs",
        "evaluated_on",
        "summary",
    }
    assessment.refresh_from_db()
    assert assessment.state == ImpactState.DRAFT
    assert assessment.effect_clients == ""
    assert not ImpactIndicator.objects.filter(assessment=assessment).exists()
    assert not ImpactAssessmentEvent.objects.exists()


def test_the_evaluation_date_cannot_be_in_the_future(assessment, member):
    future = {**FILLED, "evaluated_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as raised:
        impact_complete(actor=member, assessment=assessment, data=future, indicators=[indicator()])
    assert set(raised.value.message_dict) == {"evaluated_on"}


def test_completing_publishes_and_tells_the_submitter_and_followers(
    assessment, member, chair, resident
):
    follower = quick_user("seuraaja@example.fi")
    assessment.suggestion.follows.create(user=follower)

    done = completed(assessment, member)

    assert done.state == ImpactState.COMPLETED
    assert done.completed_by == member and done.completed_at is not None
    event = ImpactAssessmentEvent.objects.get(action=ImpactAction.COMPLETE)
    assert (event.from_state, event.to_state) == (ImpactState.DRAFT, ImpactState.COMPLETED)
    told = Notification.objects.filter(source=f"impact_event:{event.pk}")
    assert {(n.recipient, n.category) for n in told} == {
        (resident, Category.MY_SUGGESTIONS),
        (follower, Category.FOLLOWED),
    }
    assert "#impact" in told.first().texts["en"]["url"]


def test_a_signed_out_submitter_hears_of_it_at_their_address_with_their_link(
    group, coordinator, member
):
    assessment = deployed(group, coordinator, email="Nimeton@Example.fi")

    completed(assessment, member)

    event = ImpactAssessmentEvent.objects.get(action=ImpactAction.COMPLETE)
    [told] = Notification.objects.filter(source=f"impact_event:{event.pk}")
    assert (told.recipient, told.email) == (None, "nimeton@example.fi")
    assert told.kind == "suggestion.mine.impact_completed"
    # The mail links the private tracking page (filled in as it is sent), as every other
    # message to a signed-out submitter does.
    assert told.texts[told.language]["url"] == PRIVATE_LINK


def test_a_completed_assessment_is_reopened_with_a_reason_before_it_changes(assessment, chair):
    completed(assessment, chair)

    with pytest.raises(IllegalTransition):
        impact_save(actor=chair, assessment=assessment, data={"summary": "Uusi"}, indicators=[])
    with pytest.raises(ValidationError) as raised:
        impact_reopen(actor=chair, assessment=assessment, reason=" ")
    assert "reason" in raised.value.message_dict

    impact_reopen(actor=chair, assessment=assessment, reason="Lukuvirhe korjataan.")

    assessment.refresh_from_db()
    assert assessment.state == ImpactState.DRAFT
    assert assessment.completed_at is None
    reopen = ImpactAssessmentEvent.objects.get(action=ImpactAction.REOPEN)
    assert reopen.internal_note == "Lukuvirhe korjataan."
    assert reopen.is_public is False
    with pytest.raises(IllegalTransition):
        impact_reopen(actor=chair, assessment=assessment, reason="Taas")


@pytest.mark.parametrize("who", ["outsider", "resident"])
def test_only_the_group_and_coordinators_may_write(assessment, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        impact_save(actor=person, assessment=assessment, data={"summary": "x"}, indicators=[])
    assert ImpactAssessment.objects.get(pk=assessment.pk).summary == ""


# --- The form ---------------------------------------------------------------------------------


def test_the_form_keeps_what_was_typed_and_summarises_the_errors(assessment, member, client_for):
    client = client_for(member)
    data = {**FILLED, "summary": "", "effect_costs": ""}
    rows = [indicator(name="Käyntien pituus", result_value=None)]

    response = client.post(impact_url(assessment), form_post(data, rows, action="complete"))

    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert "Write the public summary" in page
    assert "Give at least one indicator" in page
    assert 'value="Käyntien pituus"' in page
    assert "Yksi lisävuoro illassa." in page
    assert ImpactAssessment.objects.get(pk=assessment.pk).state == ImpactState.DRAFT


def test_a_row_is_added_and_removed_without_a_script(assessment, member, client_for):
    client = client_for(member)
    rows = [indicator(1), indicator(2)]

    more = client.post(impact_url(assessment), form_post(rows=rows, action="add_row"))

    page = more.content.decode()
    assert more.status_code == 200
    assert 'name="indicators-2-name"' in page and 'value="Odotusaika 2"' in page
    assert 'class="error-summary"' not in page
    assert not ImpactIndicator.objects.exists()

    post = form_post(rows=rows, action="save")
    post["indicators-0-DELETE"] = "on"
    saved = client.post(impact_url(assessment), post)

    assert saved.status_code == 302
    assert list(ImpactIndicator.objects.values_list("name", flat=True)) == ["Odotusaika 2"]


def test_completion_shows_on_the_suggestion_page_without_the_internal_note(
    assessment, member, client_for
):
    client = client_for(member)
    response = client.post(impact_url(assessment), form_post(action="complete"))
    assert response.status_code == 302

    public = client_for(None).get(detail_url(assessment.suggestion)).content.decode()
    assert 'id="impact"' in public
    assert FILLED["summary"] in public
    assert "35 min" in public and "12.5 min" in public and "1–3/2025" in public
    assert "Worsened" in public and "42,000 €" in public
    assert FILLED["internal_note"] not in public
    assert "Fill in the impact assessment" not in public

    own = client_for(member).get(detail_url(assessment.suggestion)).content.decode()
    assert FILLED["internal_note"] in own
    assert impact_url(assessment) in own


def test_a_draft_is_not_on_the_public_page(assessment, member, client_for):
    impact_save(actor=member, assessment=assessment, data=FILLED, indicators=[indicator()])

    public = client_for(None).get(detail_url(assessment.suggestion)).content.decode()
    assert 'id="impact"' not in public and FILLED["summary"] not in public
    own = client_for(member).get(detail_url(assessment.suggestion)).content.decode()
    assert "Fill in the impact assessment" in own


def test_the_page_reads_the_same_number_of_queries_however_many_indicators(
    group, coordinator, member, client_for, django_assert_num_queries
):
    few = completed(deployed(group, coordinator), member, indicators=1)
    many = completed(deployed(group, coordinator), member, indicators=12)
    for person in (None, member):
        client = client_for(person)
        client.get(detail_url(few.suggestion))
        with CaptureQueriesContext(connection) as counted:
            assert client.get(detail_url(few.suggestion)).status_code == 200
        with django_assert_num_queries(len(counted)):
            page = client.get(detail_url(many.suggestion)).content.decode()
        assert page.count("Odotusaika ") == 12


# --- The API ----------------------------------------------------------------------------------


def test_the_api_gives_the_public_part_once_completed(assessment, member):
    path = url("detail", assessment.suggestion.reference)

    assert api().get(path).json()["impact"] is None
    completed(assessment, member)
    impact = api().get(path).json()["impact"]

    assert impact["summary"] == FILLED["summary"]
    assert impact["evaluated_on"] == "2026-01-15"
    assert impact["cost_per_year_eur"] == "42000.00"
    assert impact["indicators"] == [
        {
            "name": "Odotusaika 1",
            "unit": "min",
            "baseline_value": "35.0000",
            "baseline_period": "1–3/2025",
            "result_value": "12.5000",
            "result_date": "2025-12-31",
            "source": "Kotihoidon toiminnanohjaus",
        }
    ]
    assert {e["area"]: e["effect"] for e in impact["effects"]} == {
        "clients": "improved",
        "staff": "no_change",
        "quality": "improved",
        "costs": "worsened",
    }
    assert "internal_note" not in impact and FILLED["internal_note"] not in str(impact)


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_shows_the_assessments_that_are_due(group, coordinator, member, client_for):
    due = deployed(group, coordinator)
    later = deployed(group, coordinator)
    ImpactAssessment.objects.filter(pk=due.pk).update(due_at=timezone.now() - timedelta(days=3))
    client = client_for(member)

    page = client.get(group_url("queue", group.slug) + "?impact=due").content.decode()

    assert due.suggestion.reference in page
    assert later.suggestion.reference not in page
    assert "Impact assessment due" in page
    assert impact_url(due) in page


# --- Reminders --------------------------------------------------------------------------------


def test_the_group_is_reminded_when_due_and_once_more_when_overdue(
    assessment, group, member, chair, coordinator, settings, monkeypatch
):
    settings.IDEAS_IMPACT_OVERDUE_DAYS = 30
    done = completed(deployed(group, coordinator), chair)
    ImpactAssessment.objects.filter(pk=done.pk).update(due_at=assessment.due_at)
    clock = {"now": assessment.due_at - timedelta(hours=1)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def reminders():
        return Notification.objects.filter(kind__startswith="suggestion.impact_")

    assert remind_impact_due_task() == 0

    clock["now"] = assessment.due_at + timedelta(hours=1)
    assert remind_impact_due_task() == 1
    assert remind_impact_due_task() == 0
    assert {n.recipient for n in reminders()} == {member, chair}
    assert set(reminders().values_list("kind", flat=True)) == {"suggestion.impact_due"}

    clock["now"] = assessment.due_at + timedelta(days=29)
    assert remind_impact_due_task() == 0
    clock["now"] = assessment.due_at + timedelta(days=30, hours=1)
    assert remind_impact_due_task() == 1
    assert remind_impact_due_task() == 0
    overdue = reminders().filter(kind="suggestion.impact_overdue")
    assert {n.recipient for n in overdue} == {member, chair}
    assert overdue.first().category == Category.GROUP_WORK
    assert "/impact/" in overdue.first().texts["en"]["url"]
    # The completed one, due at the same time, was never mentioned.
    assert not reminders().filter(topic=f"suggestion:{done.suggestion_id}").exists()


def test_one_found_already_overdue_hears_only_that(assessment, member, chair, monkeypatch):
    later = assessment.due_at + timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert remind_impact_due_task() == 1
    assert remind_impact_due_task() == 0
    kinds = Notification.objects.filter(kind__startswith="suggestion.impact_").values_list(
        "kind", flat=True
    )
    assert set(kinds) == {"suggestion.impact_overdue"}
    assert Membership.objects.filter(group=assessment.suggestion.group).count() == len(kinds)
