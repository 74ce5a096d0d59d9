"""Production outside Docker, started exactly as the README's steps say.

The test reads the README's commands, runs its ``manage.py`` steps and its gunicorn with
production settings (debug off, a TLS proxy in front) against this test's database, and asks
for a page and its stylesheet. A site started without ``collectstatic`` refuses to start with
the command to run, instead of answering every page with a 500.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BASE_DIR, database_url_of_test_database

HOST = "kehitys.example.fi"


def readme_commands() -> list[list[str]]:
    """The commands of the shell block in the README's production section, without .venv/."""
    section = (BASE_DIR / "README.md").read_text().split("## Production-like use", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = block.replace("\\\n", " ").splitlines()
    return [
        [word.removeprefix(".venv/bin/") for word in shlex.split(line)]
        for line in lines
        if line.strip() and not line.startswith("export ")
    ]


def production_environment(static_root: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"REDIS_URL", "SITE_URL", "EMAIL_URL"}
    }
    return {
        **environment,
        "DJANGO_SECRET_KEY": "production-start-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": database_url_of_test_database(),
        "DJANGO_STATIC_ROOT": str(static_root),
        "PYTHONUNBUFFERED": "1",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(argv: list[str], environment: dict[str, str], log: Path):
    """The README's gunicorn line on a free loopback port, one worker."""
    assert argv[:2] == ["gunicorn", "popsote.wsgi"]
    port = free_port()
    bind = argv.index("--bind")
    argv = [*argv[: bind + 1], f"127.0.0.1:{port}", *argv[bind + 2 :]]
    argv[argv.index("--workers") + 1] = "1"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), *argv[1:]],
        cwd=BASE_DIR,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_readme_collects_static_files_and_migrates_before_starting_the_site():
    names = [" ".join(command[:3]) for command in readme_commands()]

    assert names.index("python manage.py collectstatic") < names.index(
        "gunicorn popsote.wsgi --bind"
    )
    assert names.index("python manage.py migrate") < names.index("gunicorn popsote.wsgi --bind")


def test_it_serves_pages_and_static_files_when_started_as_the_readme_says(db, tmp_path):
    environment = production_environment(tmp_path / "static")
    commands = readme_commands()
    for command in (command for command in commands if command[:2] == ["python", "manage.py"]):
        result = subprocess.run(
            [sys.executable, *command[1:]],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{shlex.join(command)}:\n{result.stderr}"
    [gunicorn] = [command for command in commands if command[0] == "gunicorn"]
    process, url = start_gunicorn(gunicorn, environment, tmp_path / "gunicorn.log")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = get(f"{url}/")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)

        assert status == 200, page.decode(errors="replace")[-2000:]
        stylesheet = re.search(rb'href="(/static/css/popsote\.[0-9a-f]+\.css)"', page)
        assert stylesheet, "the page links the hashed stylesheet of the manifest"
        status, css = get(f"{url}{stylesheet.group(1).decode()}")
        assert status == 200
        assert css
    finally:
        process.terminate()
        process.wait(30)


def test_it_refuses_to_start_without_collected_static_files(tmp_path):
    environment = production_environment(tmp_path / "never-collected")
    [gunicorn] = [command for command in readme_commands() if command[0] == "gunicorn"]
    log = tmp_path / "gunicorn.log"
    process, _ = start_gunicorn(gunicorn, environment, log)
    try:
        code = process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("gunicorn started serving without the static files' manifest")

    assert code != 0
    assert "python manage.py collectstatic --noinput" in log.read_text()
