import pytest

from tests.metrics.world import build_world


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    """The metrics world (``tests.metrics.world``), built once for the module that asks, in
    the module's transaction (see ``module_db``)."""
    with django_db_blocker.unblock():
        yield build_world()
