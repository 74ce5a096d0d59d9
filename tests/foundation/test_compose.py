"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

No engine runs where the tests do, so these read the files: the stack an operator starts has
the services, health checks and volumes it needs, and every command its containers would run
exists in this project with the options it is given.
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()
DOCKERIGNORE = [
    line.strip()
    for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
# Variables that a program other than popsote/settings.py reads.
READ_ELSEWHERE = {"WEB_CONCURRENCY"}  # gunicorn's number of workers


def interpolated(value: str) -> str:
    """``value`` as compose passes it on once the operator has set every variable."""
    return re.sub(r"\$\{[^}]*\}", "set-by-operator", value).replace("$$", "$")


def dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in joined.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def excluded(relative: str) -> bool:
    """Whether .dockerignore keeps ``relative`` (a path in the project) out of the image."""
    parts = Path(relative).parts
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in DOCKERIGNORE:
        # Patterns are anchored at the top of the context; ``**/`` matches at any depth.
        candidates = parts if pattern.startswith("**/") else prefixes
        if any(fnmatch.fnmatchcase(path, pattern.removeprefix("**/")) for path in candidates):
            return True
    return False


def in_build_context(relative: str) -> bool:
    return (BASE_DIR / relative).exists() and not excluded(relative)


def programs(entry: list[str]) -> list[list[str]]:
    """The programs an entry runs: ``["sh", "-c", "a && exec b"]`` runs two."""
    if entry[:2] == ["sh", "-c"]:
        runs = [shlex.split(part) for part in entry[2].split("&&")]
        return [run[1:] if run[0] == "exec" else run for run in runs]
    return [entry]


def healthcheck_programs(service: str) -> list[list[str]]:
    kind, *rest = SERVICES[service]["healthcheck"]["test"]
    if kind == "CMD-SHELL":
        return programs(["sh", "-c", interpolated(rest[0])])
    return programs(rest)


# --- Checks that a command exists -----------------------------------------------------------


def check_manage_py(args: list[str]) -> None:
    from django.core.management import CommandError, get_commands, load_command_class

    assert in_build_context("manage.py")
    name, *options = args
    commands = get_commands()
    assert name in commands, f"manage.py has no command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except CommandError as error:
        pytest.fail(f"manage.py {name} refuses {options}: {error}")


def check_gunicorn(args: list[str]) -> None:
    from gunicorn.config import Config

    try:
        parsed = Config().parser().parse_args(args)
    except SystemExit:
        pytest.fail(f"gunicorn refuses {args}")
    [app_uri] = parsed.args
    module, _, attribute = app_uri.partition(":")
    application = getattr(importlib.import_module(module), attribute or "application")
    assert callable(application)


def check_celery(args: list[str]) -> None:
    from celery import Celery
    from celery.app.control import Inspect
    from celery.app.utils import find_app
    from celery.bin.celery import celery as cli

    def options(command) -> dict:
        return {name: param for param in command.params for name in param.opts}

    global_options = options(cli)
    app_name, index = None, 0
    while args[index].startswith("-"):
        name, _, value = args[index].partition("=")
        assert name in global_options, f"celery has no option {name}"
        if not value and not global_options[name].is_flag:
            index += 1
            value = args[index]
        if global_options[name].name == "app":
            app_name = value
        index += 1
    app = find_app(app_name)
    assert isinstance(app, Celery) and app.main == "popsote"

    subcommand, rest = args[index], args[index + 1 :]
    assert subcommand in cli.commands, f"celery has no command {subcommand!r}"
    sub_options = options(cli.commands[subcommand])
    for token in rest:
        if token.startswith("-"):
            assert token.partition("=")[0] in sub_options, f"celery {subcommand} has no {token}"
    if subcommand == "inspect":
        assert hasattr(Inspect, rest[0]), f"celery inspect has no {rest[0]!r}"


def check_python_c(args: list[str]) -> None:
    assert args[0] == "-c"
    compile(args[1], "<healthcheck>", "exec")


def check_program(argv: list[str]) -> None:
    program, *args = argv
    if program == "python" and args[0] == "manage.py":
        check_manage_py(args[1:])
    elif program == "python":
        check_python_c(args)
    elif program == "gunicorn":
        check_gunicorn(args)
    elif program == "celery":
        check_celery(args)
    else:
        pytest.fail(f"{program!r} is not a program this project provides")


# --- The services ---------------------------------------------------------------------------


def test_it_runs_the_site_a_worker_beat_postgresql_and_redis():
    assert set(SERVICES) == {"web", "worker", "beat", "db", "redis"}
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("service", ["web", "worker", "beat", "db", "redis"])
def test_it_checks_the_health_of_every_service(service):
    healthcheck = SERVICES[service]["healthcheck"]

    assert not healthcheck.get("disable")
    assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}
    assert healthcheck["test"][1:]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_starts_the_app_only_once_postgresql_and_redis_are_healthy(service):
    depends_on = SERVICES[service]["depends_on"]

    assert depends_on == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def test_it_keeps_the_database_redis_and_uploads_in_named_volumes():
    named = set(COMPOSE["volumes"])

    def mounts(service: str) -> dict[str, str]:
        pairs = [volume.split(":")[:2] for volume in SERVICES[service].get("volumes", [])]
        return {target: source for source, target in pairs}

    media_root = SERVICES["web"]["environment"]["DJANGO_MEDIA_ROOT"]
    sources = [mounts("db")["/var/lib/postgresql/data"], mounts("redis")["/data"]]
    sources.append(mounts("web")[media_root])

    assert set(sources) <= named
    assert len(set(sources)) == 3
    assert mounts("worker")[media_root] == mounts("web")[media_root]
    assert "--appendonly" in SERVICES["redis"]["command"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_builds_the_app_from_the_projects_dockerfile(service):
    build = SERVICES[service]["build"]

    assert build["context"] == "."
    assert (BASE_DIR / build["dockerfile"]).is_file()
    assert "user" not in SERVICES[service]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_takes_secrets_from_the_environment_and_uses_its_own_database_and_redis(service):
    environment = SERVICES[service]["environment"]
    db = SERVICES["db"]["environment"]

    assert environment["DJANGO_DEBUG"] == "0"
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert environment["DJANGO_ALLOWED_HOSTS"].startswith("${DJANGO_ALLOWED_HOSTS")
    assert environment["EMAIL_URL"].startswith("${EMAIL_URL")
    database = urlsplit(interpolated(environment["DATABASE_URL"]))
    assert (database.scheme, database.hostname, database.port) == ("postgres", "db", 5432)
    assert (database.username, database.path) == (db["POSTGRES_USER"], f"/{db['POSTGRES_DB']}")
    assert db["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD" in environment["DATABASE_URL"]
    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"


def test_it_sets_only_variables_that_the_settings_read():
    settings_source = (BASE_DIR / "popsote" / "settings.py").read_text()

    for service in APP_SERVICES:
        for name in SERVICES[service]["environment"]:
            assert name in READ_ELSEWHERE or f'"{name}"' in settings_source, name


# --- The commands ---------------------------------------------------------------------------


def test_it_migrates_before_the_site_starts_serving():
    [migrate, serve] = programs(SERVICES["web"]["command"])

    assert migrate[:3] == ["python", "manage.py", "migrate"]
    assert serve[:2] == ["gunicorn", "popsote.wsgi"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_runs_only_commands_that_exist_in_the_project(service):
    command = SERVICES[service]["command"]
    for argv in programs(command) + healthcheck_programs(service):
        check_program(argv)


def test_it_runs_the_worker_and_beat_of_the_projects_celery_app():
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "popsote", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "popsote", "beat"]


def test_it_probes_the_site_at_healthz_with_an_allowed_host_over_plain_http(
    client, settings, monkeypatch, db
):
    """Runs the web healthcheck and replays the request it makes against the site."""
    settings.ALLOWED_HOSTS = [".example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", ".example.org,www.example.org")
    sent: list[urllib.request.Request] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: sent.append(request))
    [argv] = healthcheck_programs("web")

    exec(compile(argv[2], "<web healthcheck>", "exec"), {})  # noqa: S102 - our own file

    [request] = sent
    url = urlsplit(request.full_url)
    assert url.hostname == "127.0.0.1"
    assert url.port == int(SERVICES["web"]["ports"][0].rsplit(":", 1)[1])
    host = request.get_header("Host")
    assert client.get("/", HTTP_HOST=host).status_code == 301  # pages go to https...
    response = client.get(url.path, HTTP_HOST=host)  # ...the probe is answered as it is
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


# --- The image ------------------------------------------------------------------------------


def test_it_builds_on_python_311_from_the_hashed_lock_as_a_user_without_root():
    instructions = dockerfile_instructions()
    runs = [argument for instruction, argument in instructions if instruction == "RUN"]
    users = [argument for instruction, argument in instructions if instruction == "USER"]

    assert instructions[0] == ("FROM", "python:3.11-slim")
    assert any("pip install --require-hashes --no-deps -r requirements.lock" in run for run in runs)
    assert users and users[-1] not in {"root", "0"}
    for instruction, argument in instructions:
        if instruction == "COPY":
            *sources, _ = argument.split()
            for source in sources:
                assert source == "." or in_build_context(source), source


def test_it_serves_the_site_when_the_image_runs_without_a_command():
    [command] = [
        json.loads(arg) for instruction, arg in dockerfile_instructions() if instruction == "CMD"
    ]

    assert command[:2] == ["gunicorn", "popsote.wsgi"]
    check_program(command)


def test_it_gives_the_containers_user_a_writable_media_directory():
    media_root = SERVICES["web"]["environment"]["DJANGO_MEDIA_ROOT"]
    instructions = dockerfile_instructions()
    user = [argument for instruction, argument in instructions if instruction == "USER"][-1]

    assert any(
        f"mkdir -p {media_root}" in argument and f"chown {user}:{user} {media_root}" in argument
        for instruction, argument in instructions
        if instruction == "RUN"
    )


def test_it_keeps_local_state_and_secrets_out_of_the_image():
    for path in [".git", ".venv", ".devdata", ".env", "staticfiles", "popsote/__pycache__"]:
        assert excluded(path), path
    for needed in ["manage.py", "requirements.lock", "popsote/settings.py", "templates", "static"]:
        assert in_build_context(needed), needed


def test_it_collects_static_files_at_build_time_without_a_database(tmp_path):
    """Runs the Dockerfile's collectstatic step on a copy of the build context."""
    [step] = [
        argument
        for instruction, argument in dockerfile_instructions()
        if instruction == "RUN" and "collectstatic" in argument
    ]
    words = shlex.split(step)
    assignments = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    assert command[:2] == ["python", "manage.py"]
    check_program(command)
    context = tmp_path / "context"

    def ignored(directory: str, names: list[str]) -> list[str]:
        relative = Path(directory).relative_to(BASE_DIR)
        return [name for name in names if excluded(str(relative / name))]

    shutil.copytree(BASE_DIR, context, ignore=ignored)
    # The build has none of this machine's configuration.
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    result = subprocess.run(
        [sys.executable, *command[1:]],
        cwd=context,
        env={**environment, **assignments},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    manifest = json.loads((context / "staticfiles" / "staticfiles.json").read_text())
    assert "css/popsote.css" in manifest["paths"]
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in manifest["paths"]
    assert not (context / ".devdata").exists(), "the build started the embedded PostgreSQL"
