"""The coordinators' audit list: filters in the address narrow it, pages follow one another
without gaps or repeats, and a page costs the same queries however long the trail is."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import SuggestionEvent
from popsote.audit.models import AccountEvent
from popsote.audit.selectors import Filters, audit_page
from popsote.audit.services import account_event_record
from processing_groups.models import GroupEvent
from processing_groups.services import membership_add
from tests.factories import submit

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/"


def _trail(coordinator, group, make_user, n: int, prefix: str) -> None:
    """``n`` events of every kind that the page shows."""
    for number in range(n):
        person = make_user(f"{prefix}{number}@example.fi", stakeholder="professional")
        membership_add(actor=coordinator, group=group, email=person.email)
        account_event_record(action=AccountEvent.Action.SIGNED_IN, user=person)
        submit(title=f"Ehdotus {number}")
        LogEntry.objects.create(
            user=coordinator,
            content_type=ContentType.objects.get_for_model(AccountEvent),
            object_id=str(number),
            object_repr=f"entry {number}",
            action_flag=CHANGE,
            change_message="[]",
        )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(AUDIT).status_code == 200
    return len(captured)


def test_a_page_costs_the_same_queries_for_a_short_and_a_long_trail(
    client_for, coordinator, group, make_user
):
    client = client_for(coordinator)
    _trail(coordinator, group, make_user, 2, "few")
    few = _queries(client)
    _trail(coordinator, group, make_user, 12, "many")
    assert SuggestionEvent.objects.count() + GroupEvent.objects.count() > 24
    assert _queries(client) == few


def test_pages_follow_one_another_newest_first_without_gaps_or_repeats(coordinator, group):
    for number in range(3):
        submit(title=f"Ehdotus {number}")
    moment = timezone.now() - datetime.timedelta(days=1)
    # Rows of two tables at the very same moment: the order still holds between pages.
    SuggestionEvent.objects.update(created_at=moment)
    for _ in range(2):
        GroupEvent.record(group, actor=coordinator, action="group_changed", is_public=False)
    GroupEvent.objects.update(created_at=moment)
    expected = [("suggestion", pk) for pk in SuggestionEvent.objects.values_list("pk", flat=True)]
    expected += [("group", pk) for pk in GroupEvent.objects.values_list("pk", flat=True)]

    seen, cursor = [], None
    filters = Filters(kinds=("suggestion", "group"))
    while True:
        page = audit_page(filters, cursor=cursor, size=2)
        seen += [(row.kind, row.pk) for row in page.rows]
        if page.next is None:
            break
        cursor = page.next
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen, key=lambda key: (key[0], key[1]), reverse=True)


def test_the_older_link_keeps_the_filters(client_for, coordinator):
    failed = AccountEvent.Action.SIGN_IN_FAILED
    for number in range(51):
        account_event_record(action=failed, email=f"{number}@example.fi")
    client = client_for(coordinator)
    first = client.get(AUDIT, {"kind": "account", "action": failed})
    html = first.content.decode()
    assert html.count("<tr>") == 51  # the header and 50 rows
    assert "kind=account&amp;action=sign_in_failed&amp;before=" in html
    older = first.context["older"]
    rest = client.get(AUDIT, {"kind": "account", "action": failed, "before": older})
    html = rest.content.decode()
    assert html.count("<tr>") == 2
    assert ">0@example.fi<" in html
    assert 'rel="next"' not in html


@pytest.fixture
def varied_trail(coordinator, group, make_user):
    other = make_user("toinen@example.fi", stakeholder="professional", name="Toini Toinen")
    membership_add(actor=coordinator, group=group, email=other.email)
    account_event_record(action=AccountEvent.Action.SIGNED_IN, user=other)
    account_event_record(action=AccountEvent.Action.SIGN_IN_FAILED, email="hyokkaaja@example.fi")
    old = submit(title="Vanha ehdotus").suggestion
    SuggestionEvent.objects.filter(suggestion=old).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 1, 15, 12))
    )
    new = submit(title="Uusi ehdotus").suggestion
    return {"old": old, "new": new, "other": other}


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"kind": "account"}, ["Failed sign-in", "Signed in"], ["Member added", "Vanha"]),
        ({"kind": ["group", "account"]}, ["Member added", "Signed in"], ["Vanha"]),
        ({"actor": "toini"}, ["Signed in"], ["Member added", "hyokkaaja"]),
        ({"action": "sign_in_failed"}, ["hyokkaaja@example.fi"], ["Toini", "Member added"]),
        ({"action": "member_added"}, ["toinen@example.fi: Member"], ["Failed sign-in"]),
        ({"ref": "oulu"}, ["Member added"], ["Signed in", "Vanha"]),
        ({"start": "2025-01-01", "end": "2025-01-31"}, ["Vanha ehdotus"], ["Uusi", "Signed in"]),
        ({"start": "2025-02-01"}, ["Uusi ehdotus", "Signed in"], ["Vanha"]),
    ],
)
def test_filters_in_the_address_narrow_the_list(
    client_for, coordinator, varied_trail, params, shown, hidden
):
    response = client_for(coordinator).get(AUDIT, params)
    assert response.status_code == 200
    table = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    for text in shown:
        assert text in table
    for text in hidden:
        assert text not in table


def test_a_suggestion_is_found_by_its_reference(client_for, coordinator, varied_trail):
    reference = varied_trail["new"].reference
    response = client_for(coordinator).get(AUDIT, {"ref": reference})
    table = response.content.decode().split("<tbody>")[1]
    assert "Uusi ehdotus" in table
    assert "Vanha ehdotus" not in table


def test_an_end_before_the_start_is_refused_with_a_message(client_for, coordinator):
    response = client_for(coordinator).get(AUDIT, {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "The end date cannot come before the start date." in response.content.decode()


def test_the_page_is_a_table_with_a_caption_and_labelled_filters(client_for, coordinator):
    account_event_record(action=AccountEvent.Action.SIGNED_IN, user=coordinator)
    page = client_for(coordinator).get(AUDIT).content.decode()
    assert "<caption" in page
    assert '<th scope="col">Who</th>' in page
    for name in ("id_ref", "id_actor", "id_action", "id_start", "id_end"):
        assert f'for="{name}"' in page
    assert "<legend>Kind of object" in page
