"""Who sees and who writes an impact assessment, role × state, written out by hand: the
suggestion's group and the coordinators open the form and write; everyone who may see the
suggestion reads the completed public part on its page and in the API; the internal note
never leaves the group and the coordinators; a draft is theirs alone."""

from __future__ import annotations

import pytest
from django.test import Client

from ideas.models import ImpactAssessment, ImpactAssessmentEvent
from processing_groups.models import Membership
from tests.factories import PEOPLE, make_group, make_person
from tests.groups.impact_helpers import FILLED, completed, deployed, form_post, impact_url
from tests.ideas.community import detail_url
from tests.ideas.test_api_helpers import api, url

ROLES = ("anonymous", "submitter", "other_resident", "member", "other_group_member", "coordinator")
WRITERS = {"member", "coordinator"}
STATES = ("draft", "completed")


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        group, other = make_group("oulu"), make_group("lakeus")
        people = {
            "submitter": make_person(**PEOPLE["resident"]),
            "other_resident": make_person(**PEOPLE["other_resident"]),
            "member": make_person("member@example.fi", stakeholder="professional"),
            "other_group_member": make_person("outsider@example.fi", stakeholder="professional"),
            "coordinator": make_person(**PEOPLE["coordinator"]),
        }
        Membership.objects.create(group=group, user=people["member"])
        Membership.objects.create(group=other, user=people["other_group_member"])
        draft = deployed(group, people["coordinator"], submitter=people["submitter"])
        done = deployed(group, people["coordinator"], submitter=people["submitter"])
        completed(done, people["member"])
        return {
            "people": {role: person.pk for role, person in people.items()},
            "assessments": {"draft": draft.pk, "completed": done.pk},
        }


def client_as(world, role: str) -> Client:
    from popsote.accounts.models import User

    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(pk=world["people"][role]))
    return client


def assessment_in(world, state: str) -> ImpactAssessment:
    return ImpactAssessment.objects.select_related("suggestion").get(pk=world["assessments"][state])


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_form_opens_for_the_group_and_coordinators_only(world, role, state):
    response = client_as(world, role).get(impact_url(assessment_in(world, state)))

    expected = 200 if role in WRITERS else 302 if role == "anonymous" else 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_group_and_coordinators_save(world, role):
    assessment = assessment_in(world, "draft")
    before = ImpactAssessmentEvent.objects.filter(assessment=assessment).count()

    response = client_as(world, role).post(impact_url(assessment), form_post(action="save"))

    saved = ImpactAssessmentEvent.objects.filter(assessment=assessment).count() - before
    expected = 302 if role in WRITERS else 302 if role == "anonymous" else 403
    assert response.status_code == expected
    assert saved == (1 if role in WRITERS else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_suggestion_page_shows_what_the_role_may_see(world, role, state):
    assessment = assessment_in(world, state)

    page = client_as(world, role).get(detail_url(assessment.suggestion)).content.decode()

    sees_public = state == "completed" or role in WRITERS
    assert ('id="impact"' in page) is sees_public
    assert (FILLED["summary"] in page) is (state == "completed")
    assert (FILLED["internal_note"] in page) is (state == "completed" and role in WRITERS)
    assert (impact_url(assessment) in page) is (role in WRITERS)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_the_public_part_of_a_completed_one_to_everyone(world, role, state):
    from popsote.accounts.models import User

    user = None if role == "anonymous" else User.objects.get(pk=world["people"][role])
    assessment = assessment_in(world, state)

    answer = api(user).get(url("detail", assessment.suggestion.reference)).json()

    if state == "completed":
        assert answer["impact"]["summary"] == FILLED["summary"]
    else:
        assert answer["impact"] is None
    assert FILLED["internal_note"] not in str(answer)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_queryset_agrees_with_the_pages(world, role):
    from django.contrib.auth.models import AnonymousUser

    from popsote.accounts.models import User

    user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=world["people"][role])
    visible = set(ImpactAssessment.objects.visible_to(user).values_list("pk", flat=True))

    expected = {"draft", "completed"} if role in WRITERS else {"completed"}
    assert visible == {world["assessments"][state] for state in expected}
