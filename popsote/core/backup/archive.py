"""The backup archive: one tar file whose first member is ``manifest.json`` (when, which versions,
which migrations, and a SHA-256 of every other member), then ``database.dump`` (``pg_dump``'s
custom format) and the uploaded files under ``media/`` with their names.

A plain tar, not compressed: the dump is compressed by ``pg_dump`` and the uploads are pictures
and PDFs already. A restore reads the manifest first and checks every member against it before
it changes anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from popsote.core.backup.postgres import EXIT_ARCHIVE_INVALID, BackupError

FORMAT = "popsote-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.dump"
MEDIA = "media"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, Path]:
    """Every regular file under ``root`` by its name relative to it (links are not followed:
    the site never stores one)."""
    if not root.is_dir():
        return {}
    found = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(root).as_posix()] = path
    return dict(sorted(found.items()))


def _owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write(destination: Path, *, manifest: dict, dump: Path, media: dict[str, Path]) -> None:
    """Write the archive to ``destination`` atomically and readable by its owner only: it holds
    personal data. ``manifest`` must already name every member's checksum."""
    partial = destination.with_name(destination.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = _owned_by_nobody(tarfile.TarInfo(MANIFEST))
            info.size, info.mode, info.mtime = len(data), 0o600, int(os.path.getmtime(dump))
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DATABASE, filter=_owned_by_nobody)
            for name, path in media.items():
                tar.add(path, arcname=f"{MEDIA}/{name}", recursive=False, filter=_owned_by_nobody)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _invalid(archive: Path, reason: str) -> BackupError:
    return BackupError(
        f"{archive} is not a usable backup: {reason}. Nothing was changed.",
        code=EXIT_ARCHIVE_INVALID,
    )


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise _invalid(archive, f"its first member is not {MANIFEST}")
            manifest = json.loads(tar.extractfile(first).read())
    except (OSError, tarfile.TarError, ValueError) as error:
        raise _invalid(archive, f"it cannot be read ({error})") from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise _invalid(
            archive,
            f"its manifest is not of the {FORMAT} format, version {FORMAT_VERSION} "
            f"(found {manifest.get('format')!r}, {manifest.get('format_version')!r})",
        )
    return manifest


@dataclass(frozen=True)
class Unpacked:
    manifest: dict
    dump: Path
    media: Path  # a directory holding the files under their names, possibly empty


def expected_members(manifest: dict) -> dict[str, dict]:
    members = {DATABASE: manifest["database"]}
    members.update({f"{MEDIA}/{name}": entry for name, entry in manifest["media"].items()})
    return members


def unpack(archive: Path, into: Path) -> Unpacked:
    """Extract the archive into the empty directory ``into`` and check every member against the
    manifest: its checksum and size, nothing missing, nothing extra, no path outside."""
    manifest = read_manifest(archive)
    expected = expected_members(manifest)
    seen = set()
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise _invalid(archive, f"it holds {member.name!r}, which its manifest lacks")
                if PurePosixPath(member.name).is_absolute() or ".." in member.name.split("/"):
                    raise _invalid(archive, f"it holds a path outside it: {member.name!r}")
                # The "data" filter refuses links, devices and anything outside ``into``.
                tar.extract(member, into, filter="data")
                seen.add(member.name)
    except (OSError, tarfile.TarError) as error:
        raise _invalid(archive, f"it cannot be read ({error})") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise _invalid(archive, f"{len(missing)} member(s) are missing, first {missing[0]!r}")
    for name, entry in expected.items():
        path = into / name
        if path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            raise _invalid(archive, f"{name!r} does not match its checksum (damaged or changed)")
    media = into / MEDIA
    media.mkdir(exist_ok=True)
    return Unpacked(manifest=manifest, dump=into / DATABASE, media=media)
