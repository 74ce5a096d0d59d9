"""A real OpenID Connect provider on loopback: the npm package oidc-provider, run by Node.

Its packages are installed from tests/oidc/provider/package-lock.json (``npm ci``) by
``scripts/test-packages``, or here when they are missing; after that it runs offline.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
NO_NODE = (
    "Node.js is not installed: the OpenID Connect sign-in tests run a real provider "
    "(the npm package oidc-provider) on loopback. Install Node.js 20 or later and npm."
)


def install() -> None:
    """``npm ci`` once, when the packages are missing; one test process at a time."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip(NO_NODE)
    with (PROVIDER_DIR / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
            return
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PROVIDER_DIR,
            check=True,
            timeout=300,
        )


class LoopbackProvider:
    """``clients``: oidc-provider client metadata; ``people``: login → claims."""

    def __init__(self, *, clients: list[dict], people: dict[str, dict]):
        install()
        self.process = subprocess.Popen(
            [shutil.which("node"), "server.js", json.dumps({"clients": clients, "people": people})],
            cwd=PROVIDER_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.issuer = self._first_line()
        # Its warnings (development keys, in-memory store) are expected; drain them.
        threading.Thread(target=self.process.stderr.read, daemon=True).start()

    def _first_line(self) -> str:
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()))
        reader.start()
        reader.join(30)
        line = result[0].strip() if result else ""
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the OIDC provider did not start: {self.process.stderr.read()}")
        return line

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
