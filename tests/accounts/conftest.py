import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts sign-ups, sign-ins and reset requests in the cache; each test starts at 0.
    cache.clear()
    yield
    cache.clear()
