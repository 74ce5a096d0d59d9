"""Everything a person reads exists in Finnish and Swedish (English is the source language)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["fi", "sv"]


def catalogue(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_has_every_message_translated_and_none_fuzzy(language):
    po = catalogue(language)

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_ships_compiled_catalogues_that_match_the_sources(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_it_has_no_text_missing_from_the_catalogues(tmp_path):
    """Extract the messages afresh from the code and templates: none may be new."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is needed to check the catalogues: apt-get install gettext")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", ".devdata", ".git", "staticfiles", "test-artifacts", "node_modules", "__pycache__"
    )
    shutil.copytree(base, copy, ignore=ignore, symlinks=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fi",
            "--no-obsolete",
            "--no-location",
            "--ignore=tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        # makemessages needs no database: a URL that is never dialled keeps the copy from
        # starting an embedded PostgreSQL of its own.
        env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://unused@127.0.0.1:9/x"},
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / "locale/fi/LC_MESSAGES/django.po"))}
    known = {entry.msgid for entry in catalogue("fi")}

    assert sorted(fresh - known) == []
