"""A handler evaluates a resident's suggestion and accepts it with a public answer; the resident
signs in and reads the decision on the suggestion's timeline.

The suggestion is submitted through the service, so that the real routing gives it to the
handler's group; everything after that happens in the browser, through the forms a handler and
a resident use. The journey runs in English so that it reads the same labels before and after
the Finnish and Swedish catalogues are written.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ideas.lifecycle import Action, State
from ideas.models import Evaluation, Suggestion
from ideas.services.submission import suggestion_submit
from popsote.taxonomy.models import (
    Area,
    EvaluationCriterion,
    ServiceArea,
    StakeholderGroup,
    SuggestionKind,
)
from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD, make_group

pytestmark = pytest.mark.browser

PUBLIC_ANSWER = (
    "The group takes this forward: two health centres in Oulu will try evening appointments "
    "for home-care clients from next month, and we report the results here."
)
EVALUATION_COMMENT = "Clear benefit to home-care clients; needs two nurses for the evenings."


def label(text: str) -> re.Pattern:
    # A label may carry a "(required)" marker after its text.
    return re.compile(rf"^{re.escape(text)}(\s|$)")


@pytest.fixture
def handler(make_user):
    return make_user("hanna.handler@example.fi", name="Hanna Handler", stakeholder="professional")


@pytest.fixture
def group(handler, make_user):
    """A regional group for Oulu: the handler chairs it, a colleague is a member."""
    colleague = make_user("kalle.colleague@example.fi", stakeholder="professional")
    return make_group(
        "oulu",
        name="Oulun alueen kehittämisryhmä",
        areas=["oulu"],
        chair=handler,
        members=[colleague],
    )


@pytest.fixture
def submitted(resident, group) -> Suggestion:
    suggestion = suggestion_submit(
        actor=resident,
        title="Evening visits of home care come too early",
        description="My mother's evening visit is at five, and the evening is long and lonely.",
        kind=SuggestionKind.objects.get(code="need"),
        area=Area.objects.get(code="oulu"),
        service_area=ServiceArea.objects.get(code="older-people"),
        stakeholder_group=StakeholderGroup.objects.get(code="resident"),
        language="en",
    ).suggestion
    suggestion.refresh_from_db()
    return suggestion


def sign_in(page, email: str, next_path: str) -> None:
    page.goto(f"/en/accounts/login/?next={next_path}")
    form = page.get_by_role("main")
    form.get_by_label(label("Email")).fill(email)
    form.get_by_label(label("Password")).fill(PASSWORD)
    form.get_by_role("button", name=re.compile("^sign in$", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def sign_out(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def test_it_takes_a_suggestion_from_evaluation_to_a_public_decision(
    page, submitted, group, handler, resident
):
    # Routing gave the resident's suggestion to the handler's group.
    assert submitted.group == group
    assert submitted.state == State.IN_PROCESSING
    path = f"/en/suggestions/{submitted.reference}/"
    criteria = list(EvaluationCriterion.objects.active())
    assert criteria

    # The handler signs in and opens the suggestion: the handling and evaluation panels show.
    sign_in(page, handler.email, path)
    expect(page.get_by_role("heading", level=1)).to_have_text(submitted.title)
    handling = page.get_by_role("region", name="Handling", exact=True)
    evaluation = page.get_by_role("region", name="Evaluation", exact=True)
    expect(handling).to_be_visible()
    expect(evaluation).to_contain_text("No one has evaluated this suggestion yet.")
    assert_accessible(page)

    # The evaluation: a score from 1 to 5 for each criterion, and a comment.
    for number, criterion in enumerate(criteria):
        scores = evaluation.get_by_role("group", name=label(criterion.name_en))
        scores.get_by_label(str(4 if number % 2 else 5), exact=True).check()
    evaluation.get_by_label(label("Comment")).fill(EVALUATION_COMMENT)
    evaluation.get_by_role("button", name="Save evaluation").click()

    expect(page).to_have_url(re.compile(re.escape(path)))
    evaluation = page.get_by_role("region", name="Evaluation", exact=True)
    expect(evaluation.get_by_role("table")).to_contain_text("Averages of 1 evaluation")
    expect(evaluation).to_contain_text(EVALUATION_COMMENT)
    # The colleague has yet to evaluate.
    expect(evaluation).to_contain_text("Not yet evaluated")
    assert_accessible(page)

    # The decision: accepted for development, with a public answer.
    handling = page.get_by_role("region", name="Handling", exact=True)
    form = handling.locator("form.handling-form")
    form.get_by_label(label("Action")).select_option(label="Accepted for development")
    form.get_by_label(label("Public message")).fill(PUBLIC_ANSWER)
    form.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("main")).to_contain_text("The suggestion is now")
    expect(page.locator(".suggestion__state")).to_contain_text("Accepted for development")
    assert_accessible(page)
    sign_out(page)

    # The resident signs in and finds the decision and the answer on the timeline; the
    # group's evaluation stays internal.
    sign_in(page, resident.email, path)
    expect(page.locator(".suggestion__state")).to_contain_text("Accepted for development")
    timeline = page.get_by_role("region", name="Handling so far")
    decision = timeline.get_by_role("listitem").filter(has_text=PUBLIC_ANSWER)
    expect(decision).to_have_count(1)
    expect(decision).to_contain_text("Accepted for development")
    expect(page.get_by_role("region", name="Handling", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Evaluation", exact=True)).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(EVALUATION_COMMENT)
    assert_accessible(page)

    # What the browser did is what the records say.
    submitted.refresh_from_db()
    assert submitted.state == State.ACCEPTED
    assert submitted.decided_at is not None
    assert submitted.first_response_at == submitted.decided_at
    evaluation_row = Evaluation.objects.get(suggestion=submitted)
    assert evaluation_row.evaluator == handler
    assert evaluation_row.comment == EVALUATION_COMMENT
    assert evaluation_row.scores.count() == len(criteria)
    accepted = submitted.events.get(action=Action.ACCEPT)
    assert accepted.actor == handler
    assert accepted.public_message == PUBLIC_ANSWER
    assert accepted.is_public
    evaluated = submitted.events.get(action=Action.EVALUATE)
    assert not evaluated.is_public
