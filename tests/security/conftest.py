import pytest

from tests.security.world import build_world


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        yield build_world()
