import pytest
from django.test import override_settings

from tests.showroom.world import build_world


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker, tmp_path_factory):
    """The showroom world (``tests.showroom.world``), built once for the module that asks, in
    the module's transaction (see ``module_db``), its pictures in a directory of its own."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("showroom-media"))
    with django_db_blocker.unblock(), media:
        yield build_world()
