"""Settings from the environment: safe when debug is off, and Django's deploy check agrees.

Each case loads the settings in a fresh process with exactly the environment under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from popsote.settings import email_settings

BASE_DIR = Path(__file__).resolve().parents[2]


def run_python(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Python in the project with ``environment`` and none of this shell's DJANGO_ settings.

    DATABASE_URL and REDIS_URL stay as they are: the settings only parse them here, and
    without DATABASE_URL the embedded PostgreSQL serves, as on a fresh machine.
    """
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "popsote.settings", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def loaded_settings(names: list[str], **environment: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}))"
    )
    result = run_python("-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_passes_djangos_deploy_check_with_debug_off():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python("-c", "import django; django.setup()", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_runs_without_a_secret_key_only_for_a_local_debug_site():
    loaded = loaded_settings(["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"], DJANGO_DEBUG="1")

    assert loaded["DEBUG"] is True
    assert loaded["SECRET_KEY"].startswith("django-insecure-")
    assert loaded["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_it_sends_cookies_only_over_https_and_asks_for_hsts_when_debug_is_off():
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "ALLOWED_HOSTS",
    ]

    loaded = loaded_settings(
        names, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=get_random_secret_key(), DJANGO_ALLOWED_HOSTS=""
    )

    assert loaded == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        # No host is trusted until the operator names one.
        "ALLOWED_HOSTS": [],
    }


def test_it_reads_smtp_with_starttls_credentials_and_port_from_email_url():
    assert email_settings("smtp://mailer:p%40ss%3Aword@mail.example.org:587?tls=1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss:word",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "EMAIL_TIMEOUT": 10,
    }


def test_it_reads_smtps_as_implicit_tls_on_port_465():
    settings = email_settings("smtps://mail.example.org")

    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_USE_SSL"] is True
    assert settings["EMAIL_USE_TLS"] is False
    assert settings["EMAIL_HOST_USER"] == settings["EMAIL_HOST_PASSWORD"] == ""


def test_it_defaults_plain_smtp_to_port_25_without_tls():
    settings = email_settings("smtp://localhost")

    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"]) == (25, False)


def test_it_prints_mail_to_the_console_for_console_urls():
    assert email_settings("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_it_refuses_an_email_url_with_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="'sendmail'"):
        email_settings("sendmail://localhost")
