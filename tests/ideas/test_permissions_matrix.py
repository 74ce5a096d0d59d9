"""Who may do what on a suggestion's page, as a matrix: role × action × state.

Each cell names the HTTP answer and whether the action took effect. A refusal must change
nothing; a rule that breaks turns a cell red. The expectations are written out as a table
(``expected``) rather than derived from the permission functions, so that the test does not
simply repeat the code it checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from ideas.lifecycle import Action, State
from ideas.models import (
    Challenge,
    Comment,
    ContentReport,
    Follow,
    Suggestion,
    SuggestionEvent,
    Support,
)
from popsote.accounts import roles
from tests.ideas.community import (
    detail_url,
    login_url,
    make_comment,
    make_report,
    make_suggestion,
    quick_user,
    url,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "other_resident", "coordinator"]
STATES = [State.RECEIVED, State.IN_PROCESSING, State.ACCEPTED, State.WITHDRAWN, State.MERGED]
DISCUSSABLE = {State.RECEIVED, State.IN_PROCESSING, State.ACCEPTED}
SIGN_IN = "sign in"  # a 302 to the sign-in page that comes back to the suggestion


@dataclass
class Case:
    role: str
    state: str
    actor: object | None
    author: object
    bystander: object
    client: object
    suggestion: Suggestion = None
    objects: dict = field(default_factory=dict)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case_for(client):
    def build(role: str, state: str, **suggestion_options) -> Case:
        author = quick_user("author@example.fi")
        bystander = quick_user("bystander@example.fi")
        actor = {
            "anonymous": None,
            "author": author,
            "other_resident": quick_user("other@example.fi"),
            "coordinator": quick_user("coordinator@example.fi"),
        }[role]
        if role == "coordinator":
            actor.groups.add(Group.objects.get(name=roles.COORDINATOR))
        client.logout()
        if actor is not None:
            client.force_login(actor)
        suggestion = make_suggestion(submitter=author, state=state, **suggestion_options)
        return Case(role, state, actor, author, bystander, client, suggestion)

    return build


# --- The actions: each sets up, acts over HTTP and reports whether anything took effect ----


def view_public(case):
    return case.client.get(detail_url(case.suggestion)), False


def view_private(case):
    Suggestion.objects.filter(pk=case.suggestion.pk).update(is_private=True)
    return case.client.get(detail_url(case.suggestion)), False


def support(case):
    response = case.client.post(url("support", case.suggestion.reference))
    changed = Support.objects.filter(suggestion=case.suggestion).exists()
    count = Suggestion.objects.get(pk=case.suggestion.pk).support_count
    assert count == int(changed)
    return response, changed


def unsupport(case):
    # The actor's own support where they can have one; a bystander's otherwise, which must stay.
    supporter = case.actor if case.role in {"other_resident", "coordinator"} else case.bystander
    Support.objects.create(suggestion=case.suggestion, user=supporter)
    Suggestion.objects.filter(pk=case.suggestion.pk).update(support_count=1)
    response = case.client.post(url("support", case.suggestion.reference), {"action": "remove"})
    changed = not Support.objects.filter(suggestion=case.suggestion, user=supporter).exists()
    count = Suggestion.objects.get(pk=case.suggestion.pk).support_count
    assert count == (0 if changed else 1)
    return response, changed


def follow(case):
    # The author follows their own suggestion from the start: start from nobody following.
    Follow.objects.filter(suggestion=case.suggestion).delete()
    response = case.client.post(url("follow", case.suggestion.reference), {"action": "follow"})
    return response, Follow.objects.filter(suggestion=case.suggestion).exists()


def comment(case):
    response = case.client.post(url("comment", case.suggestion.reference), {"body": "Samaa mieltä"})
    changed = Comment.objects.filter(suggestion=case.suggestion).exists()
    assert Suggestion.objects.get(pk=case.suggestion.pk).comment_count == int(changed)
    return response, changed


def _edit(case, *, own: bool, age: timedelta):
    writer = case.actor if own and case.actor is not None else case.bystander
    written = make_comment(case.suggestion, writer, "Alkuperäinen", age=age)
    response = case.client.post(
        url("comment_edit", case.suggestion.reference, written.pk), {"edit-body": "Muutettu"}
    )
    written.refresh_from_db()
    return response, written.body == "Muutettu"


def edit_own_comment_within_window(case):
    return _edit(case, own=True, age=timedelta(minutes=Comment.EDIT_WINDOW_MINUTES - 1))


def edit_own_comment_after_window(case):
    return _edit(case, own=True, age=timedelta(minutes=Comment.EDIT_WINDOW_MINUTES + 1))


def edit_someone_elses_comment(case):
    return _edit(case, own=False, age=timedelta(minutes=1))


def report(case):
    response = case.client.post(url("report", case.suggestion.reference), {"reason": "Asiaton"})
    return response, ContentReport.objects.filter(suggestion=case.suggestion).exists()


def _report_comment(case, *, own: bool):
    author = case.actor if own and case.actor is not None else case.bystander
    comment = make_comment(case.suggestion, author, "Kommentti")
    response = case.client.post(
        url("report", case.suggestion.reference) + f"?comment={comment.pk}", {"reason": "Asiaton"}
    )
    return response, ContentReport.objects.filter(comment=comment).exists()


def report_own_comment(case):
    return _report_comment(case, own=True)


def report_someone_elses_comment(case):
    return _report_comment(case, own=False)


def _moderation(case, target: str, action: str, *, hidden_before: bool):
    if target == "comment":
        content = make_comment(case.suggestion, case.bystander, "Kommentti")
        Comment.objects.filter(pk=content.pk).update(is_hidden=hidden_before)
    else:
        content = case.suggestion
        Suggestion.objects.filter(pk=content.pk).update(is_hidden=hidden_before)
    response = case.client.post(
        url("moderate", target, content.pk), {"action": action, "reason": "Moderaattorin syy"}
    )
    content.refresh_from_db()
    recorded = SuggestionEvent.objects.filter(
        suggestion=case.suggestion, action__in=[Action.HIDE, Action.RESTORE]
    ).exists()
    assert recorded == (content.is_hidden != hidden_before)
    return response, content.is_hidden != hidden_before


def hide_suggestion(case):
    return _moderation(case, "suggestion", "hide", hidden_before=False)


def hide_comment(case):
    return _moderation(case, "comment", "hide", hidden_before=False)


def restore_suggestion(case):
    return _moderation(case, "suggestion", "restore", hidden_before=True)


def restore_comment(case):
    return _moderation(case, "comment", "restore", hidden_before=True)


def dismiss_reports(case):
    open_report = make_report(reporter=case.bystander, suggestion=case.suggestion)
    response = case.client.post(
        url("moderate", "suggestion", case.suggestion.pk), {"action": "dismiss"}
    )
    open_report.refresh_from_db()
    return response, open_report.resolution == ContentReport.Resolution.DISMISSED


ACTIONS = {
    function.__name__: function
    for function in (
        view_public,
        view_private,
        support,
        unsupport,
        follow,
        comment,
        edit_own_comment_within_window,
        edit_own_comment_after_window,
        edit_someone_elses_comment,
        report,
        report_own_comment,
        report_someone_elses_comment,
        hide_suggestion,
        hide_comment,
        restore_suggestion,
        restore_comment,
        dismiss_reports,
    )
}


# --- What each role may, written out ---------------------------------------------------------


def expected(action: str, role: str, state: str) -> tuple[int | str, bool]:
    """(the HTTP answer, whether it took effect)."""
    signed_in = role != "anonymous"
    open_for_talk = state in DISCUSSABLE
    done = (302, True)
    if action == "view_public":
        return 200, False
    if action == "view_private":
        return (200 if role in {"author", "coordinator"} else 404), False
    if action in {
        "hide_suggestion",
        "hide_comment",
        "restore_suggestion",
        "restore_comment",
        "dismiss_reports",
    }:
        return done if role == "coordinator" else (404, False)
    if not signed_in:
        return SIGN_IN, False
    if action == "support":
        if role == "author":
            return 403, False
        return done if open_for_talk else (409, False)
    if action == "unsupport":
        # Nobody can take back a support they never gave; everyone may take back their own.
        return (302, role != "author")
    if action == "follow":
        return done
    if action == "comment":
        return done if open_for_talk else (409, False)
    if action == "edit_own_comment_within_window":
        return done
    if action in {"edit_own_comment_after_window", "edit_someone_elses_comment"}:
        return 403, False
    if action == "report":  # the suggestion; its author cannot report their own
        return (403, False) if role == "author" else done
    if action == "report_own_comment":
        return 403, False
    if action == "report_someone_elses_comment":
        return done
    raise AssertionError(action)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_answers_each_role_in_each_state_as_the_rules_say(case_for, action, role, state):
    case = case_for(role, state)
    status, takes_effect = expected(action, role, state)

    response, changed = ACTIONS[action](case)

    if status == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(login_url(""))
    else:
        assert response.status_code == status, response.content.decode()[:500]
    assert changed is takes_effect


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_coordinators_open_a_challenge(case_for, role):
    from django.utils import timezone

    case = case_for(role, State.RECEIVED)
    deadline = timezone.localtime(timezone.now() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")

    response = case.client.post(
        url("challenge_new"),
        {"title": "Haaste", "slug": "haaste", "description": "Kuvaus", "deadline": deadline},
    )

    if role == "coordinator":
        assert response.status_code == 302
        assert Challenge.objects.filter(slug="haaste", created_by=case.actor).exists()
    else:
        assert response.status_code == 404
        assert not Challenge.objects.exists()
