"""Site-wide roles, and what coordinators may do with the taxonomies in the admin."""

import pytest
from django.contrib.auth.models import Group

from popsote.accounts import roles
from popsote.taxonomy.models import Area
from tests.accounts.markup import parse

pytestmark = pytest.mark.django_db

TAXONOMY_ADMIN_PAGES = [
    "area",
    "servicearea",
    "stakeholdergroup",
    "suggestionkind",
    "strategytheme",
]


def test_it_creates_the_three_role_groups_in_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "coordinator",
        "labs_staff",
        "showroom_editor",
    }
    assert set(roles.ROLES) == {roles.COORDINATOR, roles.LABS_STAFF, roles.SHOWROOM_EDITOR}


def test_it_tells_roles_apart(coordinator, labs_staff, showroom_editor, resident):
    assert roles.is_coordinator(coordinator) and not roles.is_coordinator(resident)
    assert roles.is_labs_staff(labs_staff) and not roles.is_labs_staff(coordinator)
    assert roles.is_showroom_editor(showroom_editor) and not roles.is_showroom_editor(labs_staff)
    assert roles.role_names(resident) == frozenset()


@pytest.mark.parametrize("model", TAXONOMY_ADMIN_PAGES)
def test_it_lets_a_coordinator_list_and_add_terms_in_the_admin(client_for, coordinator, model):
    client = client_for(coordinator)

    assert client.get(f"/admin/taxonomy/{model}/").status_code == 200
    assert client.get(f"/admin/taxonomy/{model}/add/").status_code == 200


def test_it_lets_a_coordinator_rename_a_term_but_not_delete_it(client_for, coordinator):
    client = client_for(coordinator)
    area = Area.objects.get(code="oulu")

    response = client.post(
        f"/admin/taxonomy/area/{area.pk}/change/",
        {
            "code": "renamed",
            "name_fi": "Oulun alue",
            "name_sv": "Uleåborgsområdet",
            "name_en": "Oulu area",
            "position": area.position,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name_fi == "Oulun alue"
    # The code is a promise to integrations: read-only for an existing term.
    assert area.code == "oulu"
    assert client.get(f"/admin/taxonomy/area/{area.pk}/delete/").status_code == 403


def test_it_shows_the_code_of_an_existing_term_as_read_only(client_for, coordinator):
    area = Area.objects.get(code="oulu")

    page = parse(client_for(coordinator).get(f"/admin/taxonomy/area/{area.pk}/change/").content)

    assert page.find("input", name="code") is None
    assert page.find("input", name="name_fi") is not None
    assert "oulu" in page.find(class_="field-code").text


def test_it_asks_for_a_code_when_a_term_is_added(client_for, coordinator):
    page = parse(client_for(coordinator).get("/admin/taxonomy/area/add/").content)

    assert page.find("input", name="code") is not None


@pytest.mark.parametrize("person", ["resident", "labs_staff", None])
def test_it_keeps_others_out_of_the_taxonomy_admin(client_for, request, person):
    user = request.getfixturevalue(person) if person else None

    response = client_for(user).get("/admin/taxonomy/area/")

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/admin/login/" in response.url


def test_it_keeps_a_staff_member_without_the_role_out(client_for, make_user):
    staff = make_user("staff@example.fi", stakeholder="professional", is_staff=True)

    assert client_for(staff).get("/admin/taxonomy/area/").status_code == 403
