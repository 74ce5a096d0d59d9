"""Demo sign-ins: one per role, only where debug is on (or forced), and only once."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError

from popsote.accounts import roles
from popsote.accounts.models import User
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "resident@demo.popsote.fi": set(),
    "staff@demo.popsote.fi": set(),
    "company@demo.popsote.fi": set(),
    "handler@demo.popsote.fi": set(),
    "coordinator@demo.popsote.fi": {roles.COORDINATOR},
    "labs@demo.popsote.fi": {roles.LABS_STAFF},
    "editor@demo.popsote.fi": {roles.SHOWROOM_EDITOR},
}


def test_it_refuses_to_run_with_debug_off(settings):
    # First in the module, before the seeded demo exists.
    settings.DEBUG = False

    with pytest.raises(CommandError):
        seed_demo()

    assert not User.objects.filter(email__in=DEMO_ROLES).exists()


def test_it_runs_with_debug_off_when_forced(seeded_demo):
    # seeded_demo is seeded with debug off and --force.
    assert User.objects.filter(email__in=DEMO_ROLES).count() == len(DEMO_ROLES)


def test_it_creates_one_sign_in_per_role_with_the_right_groups(seeded_demo):
    users = {user.email: user for user in User.objects.filter(email__in=DEMO_ROLES)}
    assert set(users) == set(DEMO_ROLES)
    for email, expected in DEMO_ROLES.items():
        assert roles.role_names(users[email]) == expected, email
        assert EmailAddress.objects.get(user=users[email]).verified
        assert email in seeded_demo
    assert users["coordinator@demo.popsote.fi"].is_staff
    assert not users["resident@demo.popsote.fi"].is_staff
    assert users["company@demo.popsote.fi"].stakeholder_group.code == "company"


def test_it_lets_each_demo_person_sign_in_with_the_demo_password(seeded_demo, client, settings):
    for email in DEMO_ROLES:
        client.logout()
        client.post(
            "/accounts/login/", {"login": email, "password": settings.POPSOTE_DEMO_PASSWORD}
        )
        assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk), email


def test_it_creates_nothing_new_the_second_time_with_debug_on(seeded_demo, settings):
    settings.DEBUG = True
    counts = (
        User.objects.count(),
        EmailAddress.objects.count(),
        User.groups.through.objects.count(),
    )

    seed_demo()

    assert (
        User.objects.count(),
        EmailAddress.objects.count(),
        User.groups.through.objects.count(),
    ) == counts
