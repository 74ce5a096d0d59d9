"""The browser tests' own ground: the data of the migrations survives the flushes between them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from popsote.accounts import roles
from popsote.taxonomy.models import Area, StakeholderGroup


# Twice: the second run starts after the first one's flush has emptied every table.
@pytest.mark.parametrize("run", ["first", "after a flush"])
def test_it_has_the_terms_and_roles_that_the_migrations_create(reference_data, run):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    assert StakeholderGroup.objects.filter(code="resident").exists()
    assert Area.objects.count() == 7
    assert Group.objects.get(name=roles.COORDINATOR).permissions.exists()
