"""The README's two commands: ``make run`` runs the site as production does, ``make test``
brings the system packages it needs.

The launcher (``popsote.devserver``) runs for real here: embedded Redis, runserver, a Celery
worker and beat, on free ports with a throwaway data directory and this test's database. The
packages script runs against a PATH of fake system programs (apt-get, sudo, id), so every case
of a machine is played without touching this one.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BASE_DIR, database_url_of_test_database

# --- make run: the launcher -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> dict[int, str]:
    """pid → command line of every process below ``pid``."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat_line = (entry / "stat").read_text()
            commands[int(entry.name)] = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue
        parents[int(entry.name)] = int(stat_line.rsplit(")", 1)[1].split()[1])
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands[child]
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, *, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout} s; the launcher said:\n{log.read_text()[-6000:]}")


class Launched:
    """``python -m popsote.devserver`` as ``make run`` starts it, on this test's database."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.log_path = tmp_path / "launcher.log"
        environment = {
            name: value
            for name, value in os.environ.items()
            if name not in {"REDIS_URL", "SITE_URL", "DJANGO_SECRET_KEY"}
        }
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "popsote.devserver",
                "--port",
                str(self.port),
                "--data-dir",
                str(tmp_path / "devdata"),
            ],
            cwd=BASE_DIR,
            env={
                **environment,
                "DJANGO_DEBUG": "1",
                "DATABASE_URL": database_url_of_test_database(),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.seen: dict[int, str] = {}
        self.url = f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def running(self, word: str) -> int | None:
        """The pid of the launcher's child whose command line has ``word``, once it runs."""
        self.seen.update(descendants(self.process.pid))
        for pid, command in self.seen.items():
            if word in command and alive(pid):
                return pid
        return None

    def wait_until_up(self) -> None:
        def healthy():
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    return b'"redis": "ok"' in response.read()
            except OSError:
                return False

        wait_for(healthy, timeout=60, what="the site did not answer", log=self.log_path)
        wait_for(
            lambda: self.running("worker") and self.running("beat"),
            timeout=60,
            what="the worker and beat did not start",
            log=self.log_path,
        )

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for pid in self.seen:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture
def launched(transactional_db, reference_data, tmp_path):
    launcher = Launched(tmp_path)
    yield launcher
    launcher.close()


def submit(url: str, **fields) -> int:
    """POST the submission form as a browser does (its CSRF cookie and token); the status."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{url}/en/suggestions/new/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    try:
        with opener.open(f"{url}/en/suggestions/new/", data=body, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_it_runs_the_site_beside_a_worker_that_does_the_work_the_site_queues(launched, coordinator):
    from ideas.models import Suggestion
    from popsote.notifications.models import Notification
    from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

    launched.wait_until_up()
    status = submit(
        launched.url,
        title="Kotihoidon iltakäynnit",
        description="Iltakäynnit tulevat kotihoidossa liian aikaisin.",
        kind=SuggestionKind.objects.active().first().pk,
        area=Area.objects.active().first().pk,
        service_area=ServiceArea.objects.active().first().pk,
        stakeholder_group=StakeholderGroup.objects.active().first().pk,
        language="fi",
    )

    assert status == 302
    # Lemmatized by the worker: run inline, the task would have kept the quick vector.
    wait_for(
        lambda: Suggestion.objects.filter(indexed_at__isnull=False).exists(),
        timeout=90,
        what="the worker did not index the suggestion",
        log=launched.log_path,
    )
    # No group covers it: the coordinator hears of it by a mail the worker sends and prints,
    # linking to the site with its port.
    wait_for(
        lambda: Notification.objects.filter(recipient=coordinator, email_state="sent").exists(),
        timeout=30,
        what="the worker did not send the coordinator's mail",
        log=launched.log_path,
    )
    log = launched.log_text()
    assert re.search(r"ForkPoolWorker-\d\] Task notifications\.deliver\[[^]]+\] succeeded", log)
    assert "To: coordinator@example.fi" in log
    assert re.search(rf"{re.escape(launched.url)}/([a-z]{{2}}/)?triage/", log)


def test_it_stops_every_process_on_ctrl_c(launched):
    launched.wait_until_up()
    children = dict(launched.seen)
    for program in ("redis-server", "celery -A popsote worker", "celery -A popsote beat"):
        assert any(program in command for command in children.values()), program
    assert any("manage.py runserver" in command for command in children.values())

    launched.process.send_signal(signal.SIGINT)

    assert launched.process.wait(30) == 0
    assert [command for pid, command in children.items() if alive(pid)] == []


def test_it_stops_the_others_when_one_process_dies(launched):
    launched.wait_until_up()
    children = dict(launched.seen)

    os.kill(launched.running("beat"), signal.SIGKILL)

    assert launched.process.wait(30) != 0
    assert [command for pid, command in children.items() if alive(pid)] == []
    assert "beat exited" in launched.log_text()


def test_it_refuses_a_port_in_use_at_once_and_names_another(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = subprocess.run(
            [sys.executable, "-m", "popsote.devserver", "--port", str(port)],
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
            capture_output=True,
            text=True,
            timeout=30,
        )

    assert result.returncode == 1
    assert f"port {port} is in use" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr


# --- make test: the system packages ---------------------------------------------------------

SCRIPT = BASE_DIR / "scripts" / "test-packages"
PROGRAMS = {"chromium": "chromium", "chromedriver": "chromium-driver", "xgettext": "gettext"}


class Machine:
    """A PATH holding only what the script may use, and fakes that record their calls."""

    def __init__(self, directory: Path):
        self.bin = directory / "bin"
        self.bin.mkdir()
        self.calls = directory / "calls"
        self.calls.touch()
        # The basics every system has; nothing else of this machine is on the PATH.
        for tool in ("bash", "env", "true", "chmod"):
            (self.bin / tool).symlink_to(shutil.which(tool))
        self.uid(1000)

    def fake(self, name: str, body: str = "") -> None:
        path = self.bin / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> {self.calls}\n{body}\n')
        path.chmod(path.stat().st_mode | stat.S_IXUSR)

    def uid(self, uid: int) -> None:
        self.fake("id", f"echo {uid}")

    def has(self, *programs: str) -> None:
        for program in programs:
            self.fake(program)

    def apt_that_installs(self) -> None:
        # Installing a package puts its program on PATH, as Debian's would.
        installs = " ".join(
            f'"{package}") printf "#!/bin/sh\\n" > {self.bin / program}; '
            f"chmod +x {self.bin / program};;"
            for program, package in PROGRAMS.items()
        )
        self.fake(
            "apt-get",
            f'for word in "$@"; do case "$word" in {installs} esac; done',
        )

    def run(self) -> subprocess.CompletedProcess:
        started = time.monotonic()
        result = subprocess.run(
            [str(self.bin / "bash"), str(SCRIPT)],
            env={"PATH": str(self.bin)},
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
        result.elapsed = time.monotonic() - started
        return result

    def called(self, name: str) -> list[str]:
        return [line for line in self.calls.read_text().splitlines() if line.startswith(name)]


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_it_does_nothing_when_the_packages_are_there(machine):
    machine.has("chromium", "chromedriver", "xgettext")
    machine.apt_that_installs()

    result = machine.run()

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.called("apt-get") == []


def test_it_installs_the_missing_packages_as_root(machine):
    machine.has("chromium")
    machine.apt_that_installs()
    machine.uid(0)

    result = machine.run()

    assert result.returncode == 0, result.stderr
    assert "chromium-driver gettext" in result.stdout
    [update, install] = machine.called("apt-get")
    assert update.split()[-1] == "update"
    assert install.endswith("install chromium-driver gettext")
    assert "-y" in install.split()


def test_it_installs_through_sudo_without_ever_asking_for_a_password(machine):
    machine.has("chromium", "chromedriver")
    machine.apt_that_installs()
    machine.fake("sudo", '[ "$1" = -n ] || exit 99\nshift\nexec "$@"')

    result = machine.run()

    assert result.returncode == 0, result.stderr
    assert machine.called("apt-get")[-1].endswith("install gettext")
    assert all(call.startswith("sudo -n ") for call in machine.called("sudo"))


@pytest.mark.parametrize("sudo", ["none", "asks for a password"])
def test_it_stops_at_once_with_the_command_to_run_when_it_cannot_install(machine, sudo):
    machine.has("xgettext")
    machine.apt_that_installs()
    if sudo != "none":
        # What sudo -n does when it would have to prompt.
        machine.fake("sudo", 'echo "sudo: a password is required" >&2\nexit 1')

    result = machine.run()

    assert result.returncode == 1
    assert result.elapsed < 5
    assert "sudo apt-get install chromium chromium-driver" in result.stderr
    assert machine.called("apt-get") == []
    assert all(call.startswith("sudo -n ") for call in machine.called("sudo"))


def test_it_names_the_programs_on_a_system_without_apt(machine):
    result = machine.run()

    assert result.returncode == 1
    assert "chromium, chromedriver and xgettext" in result.stderr


def test_make_test_checks_the_packages_before_anything_else():
    makefile = (BASE_DIR / "Makefile").read_text()
    [prerequisites] = re.findall(r"^test:(.*)$", makefile, flags=re.MULTILINE)

    assert prerequisites.split()[0] == "test-packages"
    assert re.search(r"^test-packages:\n\tscripts/test-packages$", makefile, flags=re.MULTILINE)
