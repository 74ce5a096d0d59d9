"""Every source of the audit trail appears on the coordinators' page: a suggestion's move, a Labs
application's move, a showroom listing's change, a group's role change, an admin change, a
sign-in, a failed sign-in and a sign-out."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from ideas.lifecycle import Action
from ideas.services.transitions import suggestion_transition
from labs import services as labs_services
from labs.lifecycle import Action as LabsAction
from popsote.audit.models import AccountEvent
from popsote.taxonomy.models import Area
from processing_groups.models import GroupEvent, Membership
from processing_groups.services import membership_add, membership_set_role
from showroom.lifecycle import Action as ListingAction
from showroom.services import listing_transition
from tests.factories import PASSWORD, submit
from tests.labs.factories import make_application, make_company
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/"


def rows_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_a_suggestion_transition_with_its_actor_and_a_link(client_for, coordinator, group):
    suggestion = submit().suggestion
    suggestion_transition(
        actor=coordinator, suggestion=suggestion, action=Action.REQUEST_INFO, message="Kerro lisää."
    )
    page = rows_of(client_for(coordinator).get(AUDIT, {"kind": "suggestion"}))
    assert "Information requested" in page
    assert "In processing → Information requested" in page
    assert f'href="/en/suggestions/{suggestion.reference}/"' in page
    assert coordinator.email in page
    # The submission of a signed-out person was nobody's act: the system's.
    assert "system" in page


def test_it_lists_a_labs_application_move(client_for, coordinator, make_user):
    company_user = make_user("rep@yritys.fi", stakeholder="company")
    application = make_application(make_company(representatives=[company_user]), company_user)
    labs_services.application_transition(
        actor=company_user, application=application, action=LabsAction.SUBMIT
    )
    page = rows_of(client_for(coordinator).get(AUDIT, {"kind": "application"}))
    assert f'href="/en/labs/applications/{application.pk}/"' in page
    assert "rep@yritys.fi" in page
    assert "Submitted" in page


def test_it_lists_a_showroom_listing_change(client_for, coordinator, showroom_editor, make_user):
    rep = make_user("myynti@yritys.fi", stakeholder="company")
    company = make_company("Kuvaus Oy", representatives=[rep])
    listing = make_listing(make_label(company, rep), rep, state="in_review")
    listing_transition(actor=showroom_editor, listing=listing, action=ListingAction.PUBLISH)
    page = rows_of(client_for(coordinator).get(AUDIT, {"kind": "listing", "ref": listing.slug}))
    assert "Published" in page
    assert showroom_editor.email in page
    assert f'href="/en/showroom/{listing.slug}/"' in page


def test_it_lists_a_group_role_change_written_by_the_service(
    client_for, coordinator, group, make_user
):
    person = make_user("uusi@example.fi", stakeholder="professional")
    membership = membership_add(actor=coordinator, group=group, email=person.email)
    membership_set_role(actor=coordinator, membership=membership, role=Membership.Role.CHAIR)
    change = GroupEvent.objects.get(group=group, action="role_changed")
    assert change.actor == coordinator
    assert change.data == {"person": person.pk, "from_role": "member", "to_role": "chair"}
    page = rows_of(client_for(coordinator).get(AUDIT, {"kind": "group", "ref": group.slug}))
    assert "Role changed" in page
    assert "uusi@example.fi: Member → Chair" in page
    assert "Member added" in page


def test_it_lists_a_change_made_in_the_admin(client_for, coordinator):
    area = Area.objects.get(code="oulu")
    client = client_for(coordinator)
    response = client.post(
        f"/en/admin/taxonomy/area/{area.pk}/change/",
        {
            "name_fi": area.name_fi,
            "name_sv": area.name_sv,
            "name_en": "Oulu (changed)",
            "position": area.position,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(object_id=str(area.pk), user=coordinator).exists()
    page = rows_of(client.get(AUDIT, {"kind": "admin"}))
    assert "Changed in the admin" in page
    assert "Area: Oulu (changed)" in page
    assert "Changed Name in English." in page


def test_it_records_sign_ins_failed_attempts_and_sign_outs_with_the_address(
    client, client_for, resident, coordinator
):
    login = "/en/accounts/login/"
    client.post(login, {"login": resident.email, "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    client.post(login, {"login": resident.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    client.post("/en/accounts/logout/", REMOTE_ADDR="192.0.2.8")
    events = AccountEvent.objects.filter(email=resident.email).order_by("id")
    assert [(e.action, e.address) for e in events] == [
        ("sign_in_failed", "192.0.2.7"),
        ("signed_in", "192.0.2.8"),
        ("signed_out", "192.0.2.8"),
    ]
    assert events[0].user_id is None
    assert events[1].user_id == resident.pk

    page = rows_of(client_for(coordinator).get(AUDIT, {"kind": "account", "ref": resident.email}))
    for text in ("Failed sign-in", "Signed in", "Signed out", "192.0.2.7", "192.0.2.8"):
        assert text in page


def test_it_takes_the_address_behind_the_trusted_proxies(client, resident, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/en/accounts/login/",
        {"login": "nobody@example.fi", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4",
    )
    failed = AccountEvent.objects.get(action="sign_in_failed")
    assert (failed.email, failed.address) == ("nobody@example.fi", "198.51.100.4")
