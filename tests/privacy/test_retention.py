"""The retention jobs act only once their configured time has passed."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ideas.lifecycle import Action, State
from ideas.models import Suggestion, SuggestionEvent
from popsote.accounts.models import User
from popsote.notifications.models import Notification
from popsote.privacy.models import InactivityWarning
from popsote.privacy.services import inactive_accounts, submitter_emails_erase
from popsote.privacy.tasks import erase_submitter_emails
from tests.factories import decide, submit
from tests.labs.factories import at, frozen

pytestmark = pytest.mark.django_db
SETTINGS = {
    "PRIVACY_SUBMITTER_EMAIL_DAYS": 30,
    "PRIVACY_INACTIVE_DAYS": 365,
    "PRIVACY_INACTIVE_GRACE_DAYS": 14,
}


@override_settings(**SETTINGS)
def test_a_signed_out_address_is_erased_only_after_the_decision_is_old_enough():
    with frozen(at(2026, 1, 5)):
        suggestion = submit(title="Kirjautumatta", email="anon@example.fi").suggestion
        decide(suggestion, Action.NOT_ADVANCE, State.NOT_ADVANCED, decided_at=at(2026, 1, 10))
    still_open = submit(title="Avoin", email="open@example.fi").suggestion

    with frozen(at(2026, 2, 8)):  # 29 days after the decision
        assert submitter_emails_erase() == 0
    suggestion.refresh_from_db()
    assert suggestion.submitter_email == "anon@example.fi"

    with frozen(at(2026, 2, 10)):
        assert erase_submitter_emails() == 1
    suggestion.refresh_from_db()
    still_open.refresh_from_db()
    assert suggestion.submitter_email == "" and suggestion.tracking_nonce
    assert still_open.submitter_email == "open@example.fi"
    # The outbox no longer holds the address either.
    assert not Notification.objects.filter(email="anon@example.fi").exists()


@override_settings(**SETTINGS)
def test_a_withdrawn_suggestions_address_is_erased_from_the_time_it_was_withdrawn():
    suggestion = submit(title="Peruttu", email="anon@example.fi").suggestion
    with frozen(at(2026, 3, 1)):
        SuggestionEvent.objects.create(
            suggestion=suggestion, action=Action.WITHDRAW, to_state=State.WITHDRAWN
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(state=State.WITHDRAWN)
    with frozen(at(2026, 3, 30)):
        assert submitter_emails_erase() == 0
    with frozen(at(2026, 4, 1)):
        assert submitter_emails_erase() == 1


def _last_signed_in(user, moment):
    User.objects.filter(pk=user.pk).update(last_login=moment, date_joined=moment)


@override_settings(**SETTINGS)
def test_an_unused_account_is_warned_then_removed_after_the_grace_time(resident, coordinator):
    _last_signed_in(resident, at(2025, 1, 1))
    _last_signed_in(coordinator, at(2025, 1, 1))

    with frozen(at(2025, 12, 31)):  # not yet a year
        assert inactive_accounts()["warned"] == 0
    with frozen(at(2026, 1, 2)):
        assert inactive_accounts() == {"warned": 1, "removed": 0, "cancelled": 0}
        assert inactive_accounts()["warned"] == 0  # once
    warning = Notification.objects.get(email=resident.email)
    assert warning.kind == "privacy.inactivity_warning"
    assert "will be removed" in warning.texts["en"]["title"]

    with frozen(at(2026, 1, 15)):  # 13 days after the warning
        assert inactive_accounts()["removed"] == 0
    with frozen(at(2026, 1, 17)):
        assert inactive_accounts()["removed"] == 1
    assert not User.objects.filter(pk=resident.pk).exists()
    # A staff account is the coordinators' to remove, never the job's.
    assert User.objects.filter(pk=coordinator.pk).exists()


@override_settings(**SETTINGS)
def test_signing_in_after_the_warning_keeps_the_account(resident):
    _last_signed_in(resident, at(2025, 1, 1))
    with frozen(at(2026, 1, 2)):
        inactive_accounts()
    User.objects.filter(pk=resident.pk).update(last_login=at(2026, 1, 5))

    with frozen(at(2026, 2, 1)):
        assert inactive_accounts() == {"warned": 0, "removed": 0, "cancelled": 1}
    assert User.objects.filter(pk=resident.pk).exists()
    assert not InactivityWarning.objects.exists()
