"""``manage.py backup DIRECTORY``: the database and the uploads in one checked archive."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from popsote.core.backup import operations
from popsote.core.backup.postgres import EXIT_SOURCE_INCOMPLETE, BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) into "
        "one tar archive with a manifest of versions, migrations and checksums."
    )
    # A backup must run while the site is broken too; it checks what it needs itself.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            type=Path,
            help="a directory (the archive is named popsote-<UTC time>.tar) or a .tar file name",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="afterwards, delete this directory's popsote-*.tar archives older than this",
        )

    def handle(self, *args, destination: Path, keep_days: int | None, **options):
        result = operations.backup(destination=destination)
        manifest = result.manifest
        self.stdout.write(
            f"Backup written: {result.path} ({result.path.stat().st_size} bytes; the database "
            f"at {len(manifest['migrations'])} migrations, {len(manifest['media'])} uploaded "
            f"files; PostgreSQL {manifest['versions']['postgresql_server']}, "
            f"pg_dump {manifest['versions']['pg_dump']})."
        )
        if keep_days is not None:
            self._prune(result.path.parent, keep_days, keep=result.path)
        if result.missing_files:
            raise BackupError(
                f"The archive was written, but {len(result.missing_files)} file(s) that the "
                f"database refers to are missing from MEDIA_ROOT, first "
                f"{result.missing_files[0]!r} (all are listed in the manifest's missing_files). "
                "Find out where they went: this backup cannot bring them back.",
                code=EXIT_SOURCE_INCOMPLETE,
            )

    def _prune(self, directory: Path, keep_days: int, *, keep: Path) -> None:
        limit = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=keep_days)
        for old in sorted(directory.glob("popsote-*.tar")):
            modified = datetime.datetime.fromtimestamp(old.stat().st_mtime, datetime.UTC)
            if old != keep and modified < limit:
                old.unlink()
                self.stdout.write(f"Deleted {old} (older than {keep_days} days).")
