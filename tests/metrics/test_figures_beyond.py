"""The figures of what is not a suggestion's timeline, against a small county worked out by
hand (January to March 2026, today 15 March):

- Labs: an application submitted on 20 January is in screening; two applications submitted on
  15 January and 1 February got a "tested" label on 1 March (45 days) and an "approved" one on
  20 February (19 days); a label of 2025 on an application of 2025 is outside the period.
- The showroom: the tested label's listing is published (in the catalogue), the approved one's
  is a draft; a resident and a signed-out browser said they were interested, a professional
  recommended it.
- Overdue: a suggestion of 10 January (first response due in 7 days) is overdue today; one of
  14 March is not.
- Impact (due 30 days after deployment here): suggestions deployed on 5 and 20 January fell
  due on 4 and 19 February; the second was assessed on 1 March.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test.utils import override_settings
from django.utils import translation

from ideas.models import ImpactAssessment
from ideas.services.transitions import suggestion_transition
from labs.models import Application
from popsote.accounts.models import User
from popsote.metrics.selectors import Choices, Filters, dashboard
from showroom.services import responses
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.labs import factories as labs_factories
from tests.labs.factories import at
from tests.metrics.world import frozen
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db

TODAY = at(2026, 3, 15)


def _label(company, rep, *, level, submitted, granted):
    label = make_label(company, rep, level=level, granted_on=granted)
    Application.objects.filter(pk=label.application_id).update(
        state="label_granted", submitted_at=submitted
    )
    return label


def _deploy(handler, moment):
    with frozen(moment):
        suggestion = submit(email="deployed@example.fi", area="oulu").suggestion
        for action in ("accept", "start_implementation", "mark_deployed"):
            suggestion.refresh_from_db()
            suggestion_transition(
                actor=handler, suggestion=suggestion, action=action, message="Tehdään."
            )
    return suggestion


@pytest.fixture(scope="module")
def county(module_db, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(IDEAS_IMPACT_DUE_DAYS=30):
        coordinator = make_person(**PEOPLE["coordinator"])
        editor = make_person(**PEOPLE["showroom_editor"])
        resident = make_person(**PEOPLE["resident"])
        professional = make_person(**PEOPLE["professional"])
        handler = make_person("handler@example.fi", stakeholder="professional")
        make_group("x", areas=["oulu"], members=[handler], first_response_days=7)

        rep = labs_factories.make_user("rep")
        company = labs_factories.make_company("Hoiva Oy", representatives=[rep])
        screening = labs_factories.make_application(company, rep, answered=False)
        Application.objects.filter(pk=screening.pk).update(
            state="screening", submitted_at=at(2026, 1, 20)
        )
        tested = _label(
            company,
            rep,
            level="tested",
            submitted=at(2026, 1, 15),
            granted=datetime.date(2026, 3, 1),
        )
        approved = _label(
            company,
            rep,
            level="approved",
            submitted=at(2026, 2, 1),
            granted=datetime.date(2026, 2, 20),
        )
        _label(
            company,
            rep,
            level="tested",
            submitted=at(2025, 5, 1),
            granted=datetime.date(2025, 6, 1),
        )
        with frozen(at(2026, 3, 2)):
            listed = make_listing(tested, rep, state="published", editor=editor)
            make_listing(approved, rep)
        with frozen(at(2026, 2, 10)):
            responses.interest_register(actor=resident, listing=listed)
        with frozen(at(2026, 3, 10)):
            responses.interest_register(actor=AnonymousUser(), listing=listed, browser="browser-1")
        with frozen(at(2026, 3, 5)):
            responses.recommendation_add(actor=professional, listing=listed)

        with frozen(at(2026, 1, 10)):
            submit(email="waiting@example.fi", area="oulu")
        with frozen(at(2026, 3, 14)):
            submit(email="new@example.fi", area="oulu")
        _deploy(handler, at(2026, 1, 5))
        assessed = _deploy(handler, at(2026, 1, 20))
        ImpactAssessment.objects.filter(suggestion=assessed).update(
            state="completed", completed_at=at(2026, 3, 1)
        )
        yield coordinator.pk


def figures(coordinator):
    user = User.objects.get(pk=coordinator)
    with frozen(TODAY), translation.override("en"):
        choices = Choices.for_user(user)
        filters = Filters.from_params(QueryDict("start=2026-01&end=2026-03"), choices=choices)
        return {f.code: f for f in dashboard(filters, user=user, choices=choices)}


def table(figure):
    return {row[0]: row[1] if len(row) == 2 else tuple(row[1:]) for row in figure.rows}


def test_labs_applications_by_the_state_they_are_in_now(county):
    found = table(figures(county)["labs_applications"])

    assert found["Testing need being assessed"] == 1
    assert found["Label granted"] == 2
    assert sum(found.values()) == 3
    # A program reads the rows by their codes, in any language.
    coded = dict(zip(figures(county)["labs_applications"].keys, found.values(), strict=True))
    assert coded["label_granted"] == 2


def test_days_from_application_to_label_and_labels_by_level(county):
    found = figures(county)

    assert table(found["labs_days_to_label"]) == {
        "All labels": (2, 19, 45),
        "Approved": (1, 19, 19),
        "Tested": (1, 45, 45),
    }
    assert table(found["labels_by_level"]) == {"Approved": 1, "Tested": 1, "Co-created": 0}
    assert found["labs_days_to_label"].keys == ("all", "approved", "tested")
    assert found["labels_by_level"].keys == ("approved", "tested", "co_created")


def test_the_showroom_listed_and_its_responses(county):
    assert table(figures(county)["showroom"]) == {
        "Listed today": 1,
        "All listings": 2,
        "Interest in the period": 2,
        "Recommendations in the period": 1,
    }
    assert figures(county)["showroom"].keys == ("listed", "total", "interest", "recommendations")


def test_overdue_now_and_impact_assessments(county):
    found = figures(county)

    assert table(found["overdue_now"]) == {"Ryhmä x": 1}
    assert table(found["impact_assessments"]) == {
        "Done in the period": 1,
        "Due in the period": 2,
        "Overdue today": 1,
    }
