"""Taking a backup and restoring one: what ``manage.py backup`` and ``manage.py restore`` do.

The database is read in one snapshot: ``pg_dump`` runs on a snapshot exported by a repeatable-
read transaction, and the same transaction reads the applied migrations and every file name
the tables refer to, so the manifest describes exactly the dump beside it. The uploads are
copied after the dump: a file uploaded in between is an extra file, never a missing one.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField

from popsote.core.backup import archive, postgres
from popsote.core.backup.postgres import (
    EXIT_MIGRATIONS,
    EXIT_TARGET_NOT_EMPTY,
    BackupError,
)

# Rows that are not kept, each with why. Their tables are dumped (a restored site needs them),
# their rows are not.
EXCLUDED_DATA = {
    "django_session": "sessions are live sign-ins: after a restore everyone signs in again",
    "authtoken_token": "API tokens are live credentials: issue new ones after a restore",
    "core_cache": "the database cache fills again as the site runs",
    "core_rate_counter": "rate-limit windows last minutes",
}


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    database: str
    media_root: Path
    pending_migrations: list[str] = field(default_factory=list)
    media_set_aside: Path | None = None


def _popsote_version() -> str:
    try:
        return importlib.metadata.version("popsote")
    except importlib.metadata.PackageNotFoundError:
        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        if pyproject.exists():
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        return "unknown"


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every installed model."""
    found = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField):
                found.add((model._meta.db_table, model_field.column))
    return sorted(found)


def default_name(now: datetime.datetime) -> str:
    return f"popsote-{now:%Y%m%dT%H%M%SZ}.tar"


def backup(*, destination: Path, using: str = "default") -> BackupResult:
    """Write a backup of the database and the uploads to ``destination`` (a directory, where it
    gets a name of its own, or a file name ending in ``.tar``)."""
    params = connections[using].settings_dict
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    path = destination / default_name(now) if destination.is_dir() else destination
    if path.suffix != ".tar":
        raise BackupError(f"{path}: give a directory or a file name ending in .tar.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} does not exist: create it first (mode 700).")
    server = postgres.server_major(params)
    pg_dump = postgres.find_tool("pg_dump", major=server)
    # Beside the archive, so nothing of it passes through a shared /tmp.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".popsote-backup-") as staging:
        dump = Path(staging) / archive.DATABASE
        snapshot_reader = postgres.connect(params, params["NAME"])
        snapshot_reader.autocommit = False
        try:
            with snapshot_reader.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                command = [pg_dump.path, "--format=custom", f"--snapshot={snapshot}"]
                command += [f"--exclude-table-data={table}" for table in EXCLUDED_DATA]
                postgres.run(
                    [*command, f"--file={dump}"],
                    env=postgres.libpq_env(params, params["NAME"]),
                    what="pg_dump",
                )
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
                migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
                referenced = set()
                for table, column in _file_columns():
                    # Names from the models' own metadata, not from anyone's input.
                    query = f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" <> %s'  # noqa: S608
                    cursor.execute(query, [""])
                    referenced.update(name for (name,) in cursor.fetchall())
        finally:
            snapshot_reader.rollback()
            snapshot_reader.close()
        media = archive.media_files(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "created_at": now.isoformat(),
            "versions": {
                "popsote": _popsote_version(),
                "django": django.get_version(),
                "postgresql_server": server_version,
                "postgresql_server_major": server,
                "pg_dump": pg_dump.version,
                "pg_dump_major": pg_dump.major,
            },
            "database_name": params["NAME"],
            "migrations": migrations,
            "excluded_data": EXCLUDED_DATA,
            "database": {"size": dump.stat().st_size, "sha256": archive.sha256_of(dump)},
            "media": {
                name: {"size": file.stat().st_size, "sha256": archive.sha256_of(file)}
                for name, file in media.items()
            },
            "missing_files": sorted(referenced - set(media)),
        }
        archive.write(path, manifest=manifest, dump=dump, media=media)
    return BackupResult(path=path, manifest=manifest, missing_files=manifest["missing_files"])


# --- Restoring ------------------------------------------------------------------------------


def migration_check(manifest: dict) -> list[str]:
    """The migrations of this code that the backup lacks (``migrate`` applies them after the
    restore); refuses a backup made by newer code, which this code would misread."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    in_backup = set(manifest["migrations"])
    unknown = sorted(in_backup - known)
    if unknown:
        raise BackupError(
            f"The backup was made by a newer version of popsote "
            f"({manifest['versions']['popsote']}): {len(unknown)} of its migrations are unknown "
            f"to this code, first {unknown[0]}. Deploy that version (or a newer one) and restore "
            "with it. Nothing was changed.",
            code=EXIT_MIGRATIONS,
        )
    in_code = {f"{app}.{name}" for app, name in loader.graph.nodes}
    return sorted(in_code - in_backup)


def check(*, source: Path) -> tuple[dict, list[str]]:
    """Verify an archive without restoring it: the manifest, every checksum, the migrations."""
    manifest = archive.read_manifest(source)
    pending = migration_check(manifest)
    with tempfile.TemporaryDirectory(dir=source.parent, prefix=".popsote-check-") as staging:
        archive.unpack(source, Path(staging))
    return manifest, pending


def _refuse_unless_empty(params: dict, media_root: Path, *, replace: bool) -> str:
    state = postgres.database_state(params)
    if replace:
        return state
    if state == "in use":
        raise BackupError(
            f"The database {params['NAME']!r} is not empty. Restore into a new database (set "
            "DATABASE_URL to a name that does not exist yet), or give --replace to drop it and "
            "everything in it. Nothing was changed.",
            code=EXIT_TARGET_NOT_EMPTY,
        )
    if archive.media_files(media_root):
        raise BackupError(
            f"The media directory {media_root} is not empty. Restore into a new directory (set "
            "DJANGO_MEDIA_ROOT), or give --replace to set the present one aside. Nothing was "
            "changed.",
            code=EXIT_TARGET_NOT_EMPTY,
        )
    return state


def restore(*, source: Path, using: str = "default", replace: bool = False) -> RestoreResult:
    """Restore ``source`` into the configured database and ``MEDIA_ROOT``, after checking the
    whole archive. Refuses a database or media directory that holds anything unless
    ``replace``."""
    params = connections[using].settings_dict
    media_root = Path(settings.MEDIA_ROOT)
    manifest = archive.read_manifest(source)
    pending = migration_check(manifest)
    state = _refuse_unless_empty(params, media_root, replace=replace)
    server = postgres.server_major(params)
    made_on = manifest["versions"]["postgresql_server_major"]
    if server < made_on:
        raise BackupError(
            f"The backup comes from PostgreSQL {made_on}; this server is {server}. PostgreSQL "
            f"cannot restore into an older server: restore into PostgreSQL {made_on} or newer.",
            code=postgres.EXIT_CLIENT_TOOLS,
        )
    # Of the target's version, which is not older than the source's nor its pg_dump's.
    pg_restore = postgres.find_tool("pg_restore", major=server)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".popsote-restore-") as staging:
        unpacked = archive.unpack(source, Path(staging))
        if state != "empty":
            postgres.create_database(params, replace=state == "in use")
        connections[using].close()  # nothing of ours holds the database while it is written
        postgres.run(
            [
                pg_restore.path,
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                f"--dbname={params['NAME']}",
                str(unpacked.dump),
            ],
            env=postgres.libpq_env(params, params["NAME"]),
            what="pg_restore (the database was left empty)",
        )
        set_aside = _put_media_in_place(unpacked.media, media_root)
    return RestoreResult(
        manifest=manifest,
        database=params["NAME"],
        media_root=media_root,
        pending_migrations=pending,
        media_set_aside=set_aside,
    )


def _put_media_in_place(unpacked: Path, media_root: Path) -> Path | None:
    """Move the restored files to ``media_root``; a directory there that holds files is set
    aside under a dated name (never deleted: an operator decides that)."""
    mode = settings.FILE_UPLOAD_PERMISSIONS
    for path in unpacked.rglob("*"):
        if path.is_file() and mode:
            path.chmod(mode)
    set_aside = None
    if media_root.exists():
        if archive.media_files(media_root):
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            set_aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(set_aside)
        else:
            shutil.rmtree(media_root)
    unpacked.rename(media_root)
    return set_aside
