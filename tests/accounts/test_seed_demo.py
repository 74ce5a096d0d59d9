"""Demo sign-ins: one per role, only where debug is on (or forced), and only once."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from popsote.accounts import roles
from popsote.accounts.models import User

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


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        seed()

    assert not User.objects.filter(email__in=DEMO_ROLES).exists()


def test_it_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed(force=True)

    assert User.objects.filter(email__in=DEMO_ROLES).count() == len(DEMO_ROLES)


def test_it_creates_one_sign_in_per_role_with_the_right_groups(settings):
    settings.DEBUG = True

    output = seed()

    users = {user.email: user for user in User.objects.filter(email__in=DEMO_ROLES)}
    assert set(users) == set(DEMO_ROLES)
    for email, expected in DEMO_ROLES.items():
        assert roles.role_names(users[email]) == expected, email
        assert EmailAddress.objects.get(user=users[email]).verified
        assert email in output
    assert users["coordinator@demo.popsote.fi"].is_staff
    assert not users["resident@demo.popsote.fi"].is_staff
    assert users["company@demo.popsote.fi"].stakeholder_group.code == "company"


def test_it_lets_each_demo_person_sign_in_with_the_demo_password(client, settings):
    settings.DEBUG = True
    settings.POPSOTE_DEMO_PASSWORD = "a-demo-password-for-tests"
    seed()

    for email in DEMO_ROLES:
        client.logout()
        client.post("/accounts/login/", {"login": email, "password": "a-demo-password-for-tests"})
        assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk), email


def test_it_creates_nothing_new_the_second_time(settings):
    settings.DEBUG = True
    seed()
    counts = (
        User.objects.count(),
        EmailAddress.objects.count(),
        User.groups.through.objects.count(),
    )

    seed()

    assert (
        User.objects.count(),
        EmailAddress.objects.count(),
        User.groups.through.objects.count(),
    ) == counts
