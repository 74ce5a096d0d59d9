"""``manage.py restore ARCHIVE``: a backup of ``manage.py backup`` into the configured database
and MEDIA_ROOT, after checking all of it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from popsote.core.backup import operations


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the database of DATABASE_URL and the directory of "
        "DJANGO_MEDIA_ROOT. The archive is checked (manifest, checksums, migrations) first; "
        "a database or media directory that holds anything is refused unless --replace."
    )
    # The target database is usually empty or missing: system checks would only stand in the
    # way. The command checks what it needs itself.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a popsote-*.tar written by backup")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the archive (manifest, every checksum, migrations); change nothing",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop the database and set the media directory aside if they hold anything",
        )

    def handle(self, *args, archive: Path, check: bool, replace: bool, **options):
        archive = archive.resolve()
        if check:
            manifest, pending = operations.check(source=archive)
            self.stdout.write(
                f"{archive} is intact: made {manifest['created_at']} by popsote "
                f"{manifest['versions']['popsote']}, {len(manifest['media'])} uploaded files, "
                "every checksum matches."
            )
            self._say_pending(pending)
            return
        result = operations.restore(source=archive, replace=replace)
        self.stdout.write(
            f"Restored {archive} (made {result.manifest['created_at']}) into the database "
            f"{result.database!r} and {result.media_root} "
            f"({len(result.manifest['media'])} uploaded files)."
        )
        if result.media_set_aside:
            self.stdout.write(f"The media directory that was there is now {result.media_set_aside}")
        self.stdout.write(
            "Not in the backup: sessions (everyone signs in again) and API tokens (issue new ones)."
        )
        self._say_pending(result.pending_migrations)

    def _say_pending(self, pending: list[str]) -> None:
        if pending:
            self.stdout.write(
                f"This code has {len(pending)} migration(s) the backup lacks: run "
                "`manage.py migrate` after the restore, before starting the site."
            )
