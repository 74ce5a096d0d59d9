"""Browser journeys: Debian's Chromium, headless, driven by Playwright against a live server.

The browser is the system's own (``apt-get install chromium chromium-driver``), never one that
Playwright downloads. Each test gets a fresh browser context (no cookies or storage carried
over) on pytest-django's ``live_server``, which runs in this process: e-mails the site sends
land in ``django.core.mail.outbox``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS_DIR = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The browser tests need Debian's Chromium on PATH: "
            "apt-get install chromium chromium-driver",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse
    # ORM calls from the test body; the calls are synchronous and safe here. It stays set
    # while the browser lives, which is the rest of this test process.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # The page fixture reads this to keep a screenshot of a failed journey.
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, live_server, reference_data, settings):
    """A new page in a fresh browser context, with relative URLs resolved on the live server,
    which is also the site's address (``SITE_URL``) for the links the site gives out.

    The page fails the test if the browser reports a Content Security Policy violation (inline
    script or style sneaking in) or an uncaught script error.
    """
    settings.SITE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url,
        locale="fi-FI",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
    context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The journeys sign up and sign in through real forms; the production hasher's deliberate
    # slowness would only slow the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
