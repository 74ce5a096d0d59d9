"""Labs staff manage test environments, the evaluation protocol and the label rules in the
admin: view, add and change, never delete; nobody else of the county's staff does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from labs.models import LabelRule
from popsote.accounts import roles
from tests.labs import factories

pytestmark = pytest.mark.django_db

MANAGED = ["testenvironment", "evaluationdomain", "evaluationcriterion", "labelrule"]


@pytest.mark.parametrize("model", MANAGED)
def test_labs_staff_view_add_and_change_but_never_delete(client, model):
    staff = factories.make_user("labs", role=roles.LABS_STAFF, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(f"admin:labs_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:labs_{model}_add")).status_code == 200
    assert staff.has_perm(f"labs.change_{model}")
    assert not staff.has_perm(f"labs.delete_{model}")


@pytest.mark.parametrize("model", MANAGED)
def test_a_coordinator_does_not_manage_labs(client, model):
    coordinator = factories.make_user("coordinator", role=roles.COORDINATOR, is_staff=True)
    client.force_login(coordinator)
    assert client.get(reverse(f"admin:labs_{model}_changelist")).status_code == 403


def test_labs_staff_change_a_label_rule(client):
    staff = factories.make_user("labs", role=roles.LABS_STAFF, is_staff=True)
    client.force_login(staff)
    rule = LabelRule.objects.get(code="approved")
    url = reverse("admin:labs_labelrule_change", args=[rule.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"requires_field_test": "on", "name_en": "Approved (documents)"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert rule.requires_field_test is True
    assert rule.name_en == "Approved (documents)"
