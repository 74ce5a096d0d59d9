"""Account deletion: personal data goes, public suggestions and comments stay under the
stakeholder group only, and staff duties are handed over first."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from ideas.models import Comment, Follow, Suggestion, Support
from ideas.services.community import comment_create, suggestion_support
from popsote.accounts.models import User
from popsote.notifications.models import Category, Notification
from popsote.notifications.services import notify_users
from popsote.privacy.services import AccountNotDeletable, account_delete
from processing_groups.models import Membership
from tests.factories import PASSWORD, submit
from tests.labs.factories import make_application, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(resident, other_resident):
    resident.name = "Riikka Resident"
    resident.show_name = True
    resident.save()
    own = submit(resident, title="Oma ehdotus", show_submitter_name=True).suggestion
    signed_out = submit(title="Kirjautumatta", email=resident.email).suggestion
    theirs = submit(other_resident, title="Toisen ehdotus").suggestion
    comment = comment_create(actor=resident, suggestion=theirs, body="Sama tarve meilläkin.")
    suggestion_support(actor=resident, suggestion=theirs)
    notify_users(
        users=[resident],
        category=Category.MY_SUGGESTIONS,
        kind="test",
        render=lambda: {"title": "Ilmoitus", "body": "", "url": ""},
    )
    return {"own": own, "signed_out": signed_out, "theirs": theirs, "comment": comment}


def _confirm(client):
    return client.post(reverse("privacy:delete"), {"password": PASSWORD})


def test_it_says_what_is_removed_and_kept_before_the_person_confirms(client_for, resident):
    response = client_for(resident).get(reverse("privacy:delete"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "What is removed" in page and "What is kept" in page
    assert "shown only with your stakeholder group" in page
    assert 'autocomplete="current-password"' in page


def test_it_refuses_a_wrong_password_and_keeps_the_account(client_for, resident):
    response = client_for(resident).post(reverse("privacy:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()


def test_it_removes_the_personal_data(client_for, resident, history):
    pk, email = resident.pk, resident.email
    response = _confirm(client_for(resident))
    assert response.status_code == 302

    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Support.objects.filter(user_id=pk).exists()
    assert not Follow.objects.filter(user_id=pk).exists()
    assert not Notification.objects.filter(recipient_id=pk).exists()
    assert not Notification.objects.filter(email=email).exists()
    history["theirs"].refresh_from_db()
    assert history["theirs"].support_count == 0
    # The suggestion sent signed out from the verified address no longer holds it.
    history["signed_out"].refresh_from_db()
    assert history["signed_out"].submitter_email == ""
    # And the session that asked is signed out.
    assert "_auth_user_id" not in response.client.session


def test_it_keeps_the_suggestion_and_comment_under_the_stakeholder_group_only(
    client_for, client, resident, history
):
    _confirm(client_for(resident))
    client.logout()

    own = Suggestion.objects.get(pk=history["own"].pk)
    assert own.submitter_id is None and not own.show_submitter_name
    comment = Comment.objects.get(pk=history["comment"].pk)
    assert comment.author_id is None and comment.stakeholder_group.code == "resident"

    own_page = client.get(own.get_absolute_url()).content.decode()
    assert "Oma ehdotus" in own_page and "Riikka" not in own_page
    assert "Resident" in own_page
    thread = client.get(history["theirs"].get_absolute_url()).content.decode()
    assert "Sama tarve meilläkin." in thread and "Riikka" not in thread
    assert "Former participant" not in thread


def test_it_refuses_while_the_person_has_a_handler_group_seat(client_for, chair):
    response = _confirm(client_for(chair))
    assert response.status_code == 409
    assert "handler group" in response.content.decode()
    assert Membership.objects.filter(user=chair).exists()


def test_it_refuses_while_the_person_has_a_staff_role(coordinator):
    with pytest.raises(AccountNotDeletable):
        account_delete(actor=coordinator, user=coordinator)
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_nobody_deletes_another_persons_account(resident, other_resident):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        account_delete(actor=other_resident, user=resident)


def test_the_company_and_its_applications_stay_when_its_representative_goes(client_for, resident):
    company = make_company(representatives=[resident])
    application = make_application(company, resident)
    page = client_for(resident).get(reverse("privacy:delete")).content.decode()
    assert "You are its only representative" in page

    _confirm(client_for(resident))
    application.refresh_from_db()
    assert application.company == company and application.created_by is None
