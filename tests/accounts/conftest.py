import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts sign-ups, sign-ins and reset requests in the cache; each test starts at 0.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in_confirmed(client):
    """``sign_in_confirmed(user)``: the client signed in through the sign-in form, with the
    password just confirmed again, as a person does before changing their e-mail addresses,
    password or second factor (allauth asks again unless the last confirmation is less than
    five minutes old; ``force_login`` records neither)."""
    from tests.factories import PASSWORD

    def signed_in(user):
        response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content
        response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return signed_in
