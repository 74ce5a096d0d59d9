"""What a site answers to a list of GET requests, as comparable data: run in-process against the
test database, or as a program (``python -m tests.core.site_probe``) against whatever database
``DATABASE_URL`` and ``DJANGO_MEDIA_ROOT`` name, e.g. a restored backup.

As a program it reads the requests as JSON from its argument and prints the answers as JSON.
A request is ``{"path": ..., "as": e-mail or null}``; an answer holds the status, the headers a
download depends on and the body (HTML without its per-response tokens, else a SHA-256).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys

# Per-response values: the masked CSRF token and the CSP nonce differ on every response.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|csrf-token" content=)"[^"]*"')


def answers(requests: list[dict]) -> list[dict]:
    from django.test import Client

    from popsote.accounts.models import User

    found = []
    for request in requests:
        client = Client()
        if request.get("as"):
            client.force_login(User.objects.get(email=request["as"]))
        response = client.get(request["path"])
        content = b"".join(response) if response.streaming else response.content
        html = response.get("Content-Type", "").startswith("text/html")
        found.append(
            {
                "path": request["path"],
                "status": response.status_code,
                "content_type": response.get("Content-Type"),
                "disposition": response.get("Content-Disposition"),
                "body": VOLATILE.sub(r'\1""', content.decode())
                if html
                else hashlib.sha256(content).hexdigest(),
            }
        )
    return found


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "popsote.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()  # the test client's host name, mail kept in memory
    # As tests/conftest.py: static files from the finders, no HTTPS redirect for the client.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    with translation.override("en"):
        print(json.dumps(answers(json.loads(sys.argv[1]))))


if __name__ == "__main__":
    main()
