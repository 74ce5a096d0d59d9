"""Showroom editors keep the categories in the admin: view, add and change, never delete;
nobody else of the county's staff does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from popsote.accounts import roles
from showroom.models import Category
from tests.labs import factories

pytestmark = pytest.mark.django_db


def test_the_design_categories_are_seeded():
    assert list(Category.objects.values_list("code", flat=True)) == [
        "everyday_life",
        "health",
        "safety",
        "social",
        "mobility",
        "rehabilitation",
        "professional",
    ]
    assert Category.objects.get(code="safety").labels == {
        "fi": "Turvallisuus",
        "sv": "Trygghet och säkerhet",
        "en": "Safety",
    }


def test_editors_view_add_and_change_categories_but_never_delete(client):
    editor = factories.make_user("editor", role=roles.SHOWROOM_EDITOR, is_staff=True)
    client.force_login(editor)

    assert client.get(reverse("admin:showroom_category_changelist")).status_code == 200
    assert client.get(reverse("admin:showroom_category_add")).status_code == 200
    assert editor.has_perm("showroom.change_category")
    assert not editor.has_perm("showroom.delete_category")


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.LABS_STAFF])
def test_other_staff_do_not_manage_categories(client, role):
    client.force_login(factories.make_user("staff", role=role, is_staff=True))

    assert client.get(reverse("admin:showroom_category_changelist")).status_code == 403
