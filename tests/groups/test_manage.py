"""Coordinators manage groups and members in the site: the services' rules and the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from popsote.taxonomy.models import Area, ServiceArea
from processing_groups import services
from processing_groups.models import HandlerGroup, Membership
from tests.accounts.markup import accessibility_problems, parse

pytestmark = pytest.mark.django_db


def groups_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"groups:{name}", args=args)


def chair_of(group) -> Membership:
    return Membership.objects.get(group=group, role=Membership.Role.CHAIR)


# --- Services ---------------------------------------------------------------------------------


def test_it_creates_a_group_with_its_coverage_and_targets(coordinator):
    oulu = Area.objects.get(code="oulu")
    group = services.group_create(
        actor=coordinator,
        name="Oulun perhepalvelut",
        slug="Oulu-Perhe",
        type=HandlerGroup.Type.REGIONAL,
        first_response_days=7,
        decision_days=30,
        areas=[oulu],
    )
    assert group.slug == "oulu-perhe"
    assert list(group.areas.all()) == [oulu]
    assert (group.first_response_days, group.decision_days) == (7, 30)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"slug": "oulu"}, "slug"),
        ({"name": "  "}, "name"),
        ({"first_response_days": 30, "decision_days": 10}, "decision_days"),
    ],
)
def test_it_names_the_field_it_refuses(coordinator, group, changes, field):
    arguments = {"name": "Uusi", "slug": "uusi", "type": "regional", **changes}
    with pytest.raises(ValidationError) as refused:
        services.group_create(actor=coordinator, **arguments)
    assert field in refused.value.message_dict


@pytest.mark.parametrize("role", ["resident", "member", "chair"])
def test_it_lets_only_coordinators_manage(request, group, member, chair, role):
    person = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.group_update(actor=person, group=group, name="Toinen")
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=person, group=group, email="other@example.fi")
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=person, membership=chair_of(group))


def test_it_adds_a_person_by_email_and_refuses_unknown_or_repeated(
    coordinator, group, other_resident, member
):
    added = services.membership_add(
        actor=coordinator, group=group, email="OTHER@example.fi", role="chair"
    )
    assert (added.user, added.role) == (other_resident, "chair")
    with pytest.raises(ValidationError) as unknown:
        services.membership_add(actor=coordinator, group=group, email="nobody@example.fi")
    assert "account" in unknown.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as repeated:
        services.membership_add(actor=coordinator, group=group, email=member.email)
    assert "already" in repeated.value.message_dict["email"][0]


def test_it_keeps_the_last_chair(coordinator, group, chair, member):
    only_chair = chair_of(group)
    with pytest.raises(ValidationError) as demoted:
        services.membership_set_role(actor=coordinator, membership=only_chair, role="member")
    assert "role" in demoted.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_remove(actor=coordinator, membership=only_chair)

    second = Membership.objects.get(user=member)
    services.membership_set_role(actor=coordinator, membership=second, role="chair")
    services.membership_remove(actor=coordinator, membership=only_chair)
    assert list(Membership.objects.filter(group=group).values_list("user", "role")) == [
        (member.pk, "chair")
    ]


# --- Pages ------------------------------------------------------------------------------------

ROLES = ["anonymous", "resident", "outsider", "member", "chair", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["create", "edit", "members"])
def test_it_opens_the_management_pages_only_to_coordinators(
    client_for, request, group, chair, member, role, page
):
    person = None if role == "anonymous" else request.getfixturevalue(role)
    path = groups_url(page) if page == "create" else groups_url(page, "oulu")

    response = client_for(person).get(path)

    assert response.status_code == {"anonymous": 302, "coordinator": 200}.get(role, 403)
    if role == "coordinator":
        assert accessibility_problems(parse(response.content)) == []


@pytest.mark.parametrize("role", ["resident", "member", "chair"])
def test_it_refuses_a_management_post_from_anyone_else(client_for, request, group, member, role):
    person = request.getfixturevalue(role)
    before = Membership.objects.filter(group=group).count()
    response = client_for(person).post(
        groups_url("members", "oulu"),
        {"operation": "add", "email": "other@example.fi", "role": "member"},
    )
    assert response.status_code == 403
    assert Membership.objects.filter(group=group).count() == before


def test_it_creates_a_group_from_the_form(client_for, coordinator):
    older = ServiceArea.objects.get(code="older-people")
    response = client_for(coordinator).post(
        groups_url("create"),
        {
            "name": "Ikäihmisten palvelut",
            "slug": "ikaihmiset",
            "type": "region_wide",
            "service_areas": [older.pk],
            "first_response_days": "14",
            "decision_days": "60",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == groups_url("members", "ikaihmiset")
    group = HandlerGroup.objects.get(slug="ikaihmiset")
    assert list(group.service_areas.all()) == [older]


def test_it_keeps_what_was_typed_when_the_slug_is_taken(client_for, coordinator, group):
    response = client_for(coordinator).post(
        groups_url("create"),
        {
            "name": "Toinen Oulu",
            "slug": "oulu",
            "type": "regional",
            "first_response_days": "14",
            "decision_days": "60",
        },
    )
    assert response.status_code == 400
    page = parse(response.content)
    assert page.find("input", id="id_name").get("value") == "Toinen Oulu"
    assert "Another group already uses this short name" in page.find(class_="error-summary").text
    assert accessibility_problems(page) == []


def test_it_edits_a_group(client_for, coordinator, group):
    response = client_for(coordinator).post(
        groups_url("edit", "oulu"),
        {
            "name": "Oulun ikäihmiset ja omaiset",
            "slug": "oulu",
            "type": "regional",
            "first_response_days": "7",
            "decision_days": "45",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.first_response_days, group.is_active) == (
        "Oulun ikäihmiset ja omaiset",
        7,
        False,
    )


def test_it_adds_changes_and_removes_members_from_the_page(
    client_for, coordinator, group, chair, other_resident
):
    client = client_for(coordinator)
    path = groups_url("members", "oulu")

    added = client.post(path, {"operation": "add", "email": other_resident.email, "role": "member"})
    assert added.status_code == 302
    membership = Membership.objects.get(user=other_resident)
    promoted = client.post(
        path, {"operation": "role", "membership": membership.pk, "role": "chair"}
    )
    assert promoted.status_code == 302
    removed = client.post(
        path,
        {
            "operation": "remove",
            "membership": Membership.objects.get(user=chair).pk,
            "confirm": "yes",
        },
    )
    assert removed.status_code == 302
    assert list(Membership.objects.filter(group=group).values_list("user", "role")) == [
        (other_resident.pk, "chair")
    ]
    page = parse(client.get(path).content)
    assert "Cecilia Chair left the group." in page.text


def test_it_asks_before_removing_a_member_and_removes_nobody_until_confirmed(
    client_for, coordinator, group, other_resident
):
    client = client_for(coordinator)
    path = groups_url("members", "oulu")
    client.post(path, {"operation": "add", "email": other_resident.email, "role": "member"})
    membership = Membership.objects.get(user=other_resident)
    person = other_resident.name or other_resident.email

    asked = client.post(path, {"operation": "remove", "membership": membership.pk})

    assert asked.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    page = parse(asked.content)
    assert page.find("h1").text == f"Remove {person} from {group.name}?"
    form = page.find("form", action=path)
    posted = {field.get("name"): field.get("value") for field in form.find_all("input")}
    assert {key: posted[key] for key in ("operation", "membership", "confirm")} == {
        "operation": "remove",
        "membership": str(membership.pk),
        "confirm": "yes",
    }
    assert form.find("button").text == f"Yes, remove {person}"
    assert form.find("a").get("href") == path
    assert accessibility_problems(page) == []

    removed = client.post(path, {**posted})

    assert removed.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_answers_404_for_a_membership_that_is_not_a_number(client_for, coordinator, group):
    response = client_for(coordinator).post(
        groups_url("members", "oulu"), {"operation": "remove", "membership": "x\x00"}
    )

    assert response.status_code == 404


def test_it_refuses_removing_the_last_chair_with_the_reason(client_for, coordinator, group, chair):
    only = chair_of(group)

    response = client_for(coordinator).post(
        groups_url("members", "oulu"),
        {"operation": "remove", "membership": only.pk, "confirm": "yes"},
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert "only chair" in page.find(class_="error-summary").text
    assert accessibility_problems(page) == []
    assert Membership.objects.filter(pk=only.pk).exists()


def test_it_names_the_email_field_for_an_unknown_person(client_for, coordinator, group):
    response = client_for(coordinator).post(
        groups_url("members", "oulu"),
        {"operation": "add", "email": "nobody@example.fi", "role": "member"},
    )
    assert response.status_code == 400
    page = parse(response.content)
    assert page.find("input", id="id_email").get("value") == "nobody@example.fi"
    assert page.find(id="id_email_error") is not None
