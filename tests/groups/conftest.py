"""People and groups the group-work tests share: one regional group with a member and a chair,
and a member of another group (who must be treated like anyone else)."""

from __future__ import annotations

import pytest

from ideas.services import submission
from processing_groups.models import HandlerGroup, Membership


@pytest.fixture
def no_indexing(monkeypatch):
    """Submissions skip the search-indexing task: these tests are about group work."""
    monkeypatch.setattr(submission, "queue_indexing", lambda suggestion: None)


@pytest.fixture
def group(db):
    return HandlerGroup.objects.create(name="Oulun ikäihmiset", slug="oulu", type="regional")


@pytest.fixture
def other_group(db):
    return HandlerGroup.objects.create(name="Lakeuden perhe", slug="lakeus", type="regional")


@pytest.fixture
def member(make_user, group):
    user = make_user("member@example.fi", stakeholder="professional", name="Maija Member")
    Membership.objects.create(group=group, user=user)
    return user


@pytest.fixture
def chair(make_user, group):
    user = make_user("chair@example.fi", stakeholder="professional", name="Cecilia Chair")
    Membership.objects.create(group=group, user=user, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def outsider(make_user, other_group):
    user = make_user("outsider@example.fi", stakeholder="professional", name="Otto Outsider")
    Membership.objects.create(group=other_group, user=user)
    return user
