"""A backup brings the site back: restored into a new database and a new media directory, the
site serves the same suggestion, the same attachments and the same label verification page.
A restore refuses what would lose data (a database or media directory in use, a damaged
archive) and says why, with an exit code of its own; sessions and secrets stay out."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from labs import services as labs_services
from labs.lifecycle import State
from labs.models import Label
from popsote.accounts import roles
from popsote.core.backup import postgres
from tests.conftest import BASE_DIR, database_url_of_test_database
from tests.core.site_probe import answers
from tests.factories import PEOPLE, make_person, submit
from tests.ideas.test_attachments import pdf
from tests.labs import factories
from tests.labs.web_states import png


def restored_env(database: str, media_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    url = database_url_of_test_database().rsplit("/", 1)[0]
    return {
        **env,
        "DATABASE_URL": f"{url}/{database}",
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def build_site() -> list[dict]:
    """A suggestion with a PDF, a labelled product whose application has a picture, through the
    real services and the real upload path; the requests that show them."""
    resident = make_person(**PEOPLE["resident"])
    suggestion = submit(
        actor=resident,
        title="Iltakäynnit kotihoitoon",
        attachments=[SimpleUploadedFile("ohje.pdf", pdf(), content_type="application/pdf")],
    ).suggestion
    representative = factories.make_user("rep")
    company = factories.make_company("Hoivatekniikka Oy", representatives=[representative])
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    application = factories.make_application(company, representative)
    labs_services.application_save(
        actor=representative, application=application, data={}, attachments=[png()]
    )
    factories.advance(application, State.LABEL_GRANTED, company_user=representative, staff=staff)
    label = Label.objects.get(application=application)
    attachment = suggestion.attachments.get()
    return [
        {"path": suggestion.get_absolute_url(), "as": None},
        {
            "path": reverse(
                "ideas:attachment",
                kwargs={"reference": suggestion.reference, "token": attachment.token},
            ),
            "as": None,
        },
        {"path": application.attachments.get().get_absolute_url(), "as": representative.email},
        {"path": f"/en/labs/labels/{label.code}/", "as": None},
    ]


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    yield name
    postgres.drop_database(connection.settings_dict, name)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_serves_the_same_suggestion_attachments_and_label(
    settings, tmp_path, no_indexing, restored_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    requests = build_site()
    original = answers(requests)
    assert [answer["status"] for answer in original] == [200, 200, 200, 200]
    assert "Iltakäynnit kotihoitoon" in original[0]["body"]
    assert "holds the OuluHealth Labs label" in original[3]["body"]

    call_command("backup", str(tmp_path))
    (archive,) = tmp_path.glob("popsote-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    assert settings.SECRET_KEY.encode() not in archive.read_bytes()

    env = restored_env(restored_database, tmp_path / "restored-media")
    restore = manage("restore", str(archive), env=env)
    assert restore.returncode == 0, restore.stderr
    assert "Restored" in restore.stdout

    # The uploads are back under their names, byte for byte.
    restored_files = sorted(
        p.relative_to(tmp_path / "restored-media").as_posix()
        for p in (tmp_path / "restored-media").rglob("*")
        if p.is_file()
    )
    assert restored_files == sorted(
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    assert len(restored_files) == 2
    # The original's sign-ins were left out.
    target = postgres.connect(connection.settings_dict, restored_database)
    with target.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_session")
        assert cursor.fetchone()[0] == 0
    target.close()

    probe = subprocess.run(
        [sys.executable, "-m", "tests.core.site_probe", json.dumps(requests)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == original

    again = manage("restore", str(archive), env=env)
    assert again.returncode == postgres.EXIT_TARGET_NOT_EMPTY
    assert "is not empty" in again.stderr
    assert "Nothing was changed" in again.stderr


# --- Refusals -------------------------------------------------------------------------------


@pytest.fixture
def archive(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "a.pdf").write_bytes(pdf())
    call_command("backup", str(tmp_path / "backup.tar"))
    return tmp_path / "backup.tar"


def test_it_refuses_to_restore_over_a_database_that_holds_data(archive):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert refused.value.returncode == postgres.EXIT_TARGET_NOT_EMPTY
    assert "--replace" in str(refused.value)


def test_it_refuses_a_damaged_archive_before_changing_anything(archive, tmp_path):
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"%%EOF", b"%%EOX")
            target.addfile(member, io.BytesIO(data))

    call_command("restore", str(archive), check=True)  # the original is intact
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged), check=True)

    assert refused.value.returncode == postgres.EXIT_ARCHIVE_INVALID
    assert "media/attachments/a.pdf" in str(refused.value)
    assert "does not match its checksum" in str(refused.value)


def test_it_names_the_client_to_install_when_none_is_of_the_servers_version():
    with pytest.raises(CommandError) as refused:
        postgres.find_tool("pg_dump", major=99)

    assert refused.value.returncode == postgres.EXIT_CLIENT_TOOLS
    assert "postgresql-client-99" in str(refused.value)
    assert "BACKUP_PG_BIN_DIR" in str(refused.value)
