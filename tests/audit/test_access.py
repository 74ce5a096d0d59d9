"""Only coordinators read the audit trail, and nobody changes it: not the site, not the admin
(whatever a person's permissions), not a query against the database."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from popsote.audit.models import AccountEvent
from popsote.audit.services import account_event_record
from tests.factories import submit

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("resident", 403),
        ("member", 403),
        ("labs_staff", 403),
        ("showroom_editor", 403),
        ("coordinator", 200),
    ],
)
def test_it_shows_the_trail_to_coordinators_only(request, client_for, who, status):
    response = client_for(request.getfixturevalue(who)).get(AUDIT)
    assert response.status_code == status


def test_it_sends_the_signed_out_to_sign_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/audit/")


@pytest.fixture
def superuser(make_user):
    return make_user("root@example.fi", is_staff=True, is_superuser=True)


@pytest.fixture
def audit_rows(superuser):
    account = account_event_record(action=AccountEvent.Action.SIGNED_IN, user=superuser)
    entry = LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(AccountEvent),
        object_id="1",
        object_repr="something",
        action_flag=CHANGE,
        change_message="[]",
    )
    event = submit().suggestion.events.first()
    return {
        "audit/accountevent": account,
        "admin/logentry": entry,
        "ideas/suggestionevent": event,
    }


@pytest.mark.parametrize("table", ["audit/accountevent", "admin/logentry", "ideas/suggestionevent"])
def test_the_admin_shows_audit_rows_and_refuses_to_change_add_or_delete_them(
    client_for, superuser, audit_rows, table
):
    row = audit_rows[table]
    client = client_for(superuser)
    base = f"/en/admin/{table}/"
    assert client.get(f"{base}{row.pk}/change/").status_code == 200
    assert client.post(f"{base}{row.pk}/change/", {}).status_code == 403
    assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_the_database_refuses_to_update_or_delete_an_account_event(resident):
    event = account_event_record(action=AccountEvent.Action.SIGNED_IN, user=resident)
    rows = AccountEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(address="198.51.100.1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.delete()
    assert rows.get().email == resident.email


def test_deleting_an_account_pseudonymises_its_trail_and_keeps_the_rows(resident):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="192.0.2.5", HTTP_USER_AGENT="Firefox")
    account_event_record(action=AccountEvent.Action.SIGNED_IN, user=resident, request=request)
    user_id = resident.pk
    resident.delete()
    event = AccountEvent.objects.get(user_id=user_id)
    assert (event.action, event.email, event.address, event.user_agent) == (
        "signed_in",
        f"erased-{user_id}",
        None,
        "",
    )


@pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="allauth.mfa is not installed")
def test_it_records_the_authenticators_added_reset_and_removed(resident):
    from allauth.mfa import signals
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.create(
        user=resident, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.9")
    for signal in ("authenticator_added", "authenticator_reset", "authenticator_removed"):
        getattr(signals, signal).send(
            sender=Authenticator, request=request, user=resident, authenticator=authenticator
        )
    events = AccountEvent.objects.filter(user=resident).order_by("id")
    assert [(e.action, e.data["type"], e.address) for e in events] == [
        ("mfa_added", "totp", "192.0.2.9"),
        ("mfa_reset", "totp", "192.0.2.9"),
        ("mfa_removed", "totp", "192.0.2.9"),
    ]
