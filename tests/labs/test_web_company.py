"""Registering a company with its business ID, and inviting a colleague with a signed link
that expires."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from labs.models import Company, Representative
from tests.labs import factories

pytestmark = pytest.mark.django_db


def test_it_registers_a_company_and_makes_the_person_its_representative(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("labs:company"),
        {"name": "Hoiva Oy", "business_id": "FI 0737546 2", "website": "hoiva.example.fi"},
    )
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.business_id == "0737546-2"
    assert Representative.objects.filter(company=company, user=resident).exists()
    page = client.get(reverse("labs:company")).content.decode()
    assert "Hoiva Oy" in page and "0737546-2" in page and resident.email in page


def test_it_refuses_a_business_id_with_a_wrong_check_digit_and_keeps_what_was_typed(
    client, resident
):
    client.force_login(resident)
    response = client.post(
        reverse("labs:company"), {"name": "Hoiva Oy", "business_id": "0737546-3"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a valid Finnish business ID" in page
    assert 'value="Hoiva Oy"' in page and 'value="0737546-3"' in page
    assert not Company.objects.exists()


def test_it_refuses_a_business_id_that_is_already_registered(client, resident):
    factories.make_company("Ensimmäinen Oy", business_id="0737546-2")
    client.force_login(resident)
    response = client.post(reverse("labs:company"), {"name": "Toinen", "business_id": "07375462"})
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Company.objects.count() == 1


def test_it_sends_the_apply_page_to_registration_first(client, resident):
    client.force_login(resident)
    response = client.get(reverse("labs:apply"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("labs:company"))


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Send an invitation through the company page; the path of the link in the e-mail."""

    def send(inviter, email):
        client.force_login(inviter)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("labs:invite"), {"email": email})
        assert response.status_code == 302
        assert mail.outbox[-1].to == [email]
        link = re.search(r"https?://\S+/labs/invitations/[^/\s]+/", mail.outbox[-1].body)
        return link.group(0)[link.group(0).index("/labs/") :]

    return send


def test_an_invited_colleague_joins_with_the_address_the_invitation_came_to(
    client, resident, make_user, invite
):
    company = factories.make_company("Hoiva Oy", representatives=[resident])
    colleague = make_user("colleague@example.fi")
    path = invite(resident, "colleague@example.fi")
    client.force_login(colleague)
    page = client.get(path)
    assert page.status_code == 200
    assert "Hoiva Oy" in page.content.decode()
    assert client.post(path).status_code == 302
    assert Representative.objects.filter(company=company, user=colleague).exists()


def test_an_invitation_opened_with_another_address_is_refused(client, resident, make_user, invite):
    company = factories.make_company("Hoiva Oy", representatives=[resident])
    intruder = make_user("intruder@example.fi")
    path = invite(resident, "colleague@example.fi")
    client.force_login(intruder)
    response = client.post(f"/en{path}")
    assert response.status_code == 400
    assert "another e-mail address" in response.content.decode()
    assert not Representative.objects.filter(company=company, user=intruder).exists()


def test_an_invitation_expires(client, resident, make_user, settings, monkeypatch, invite):
    factories.make_company("Hoiva Oy", representatives=[resident])
    colleague = make_user("colleague@example.fi")
    path = invite(resident, "colleague@example.fi")
    later = timezone.now() + datetime.timedelta(days=settings.LABS_INVITATION_DAYS, hours=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    client.force_login(colleague)
    response = client.post(f"/en{path}")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Representative.objects.filter(user=colleague).exists()


def test_a_forged_invitation_is_not_valid(client, resident):
    client.force_login(resident)
    response = client.get(reverse("labs:invitation", kwargs={"token": "forged-token"}))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
