"""Automated accessibility checks with axe-core, the engine behind most WCAG audit tools.

axe finds about a third of WCAG problems (contrast, names, roles, landmarks, language); the
journeys check the keyboard and the layout themselves.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

# axe-core ships inside the axe-playwright-python wheel; we inject it ourselves so that we
# choose the rules and the way failures read.
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """axe's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    # Evaluated through the DevTools protocol, which the page's Content Security Policy does
    # not govern: the site keeps its production CSP while it is tested.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def assert_accessible(page) -> None:
    """Fail, listing each one, when axe finds a serious or critical violation."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious or critical violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {' '.join(map(str, node['target']))}" for node in violation["nodes"])
        pytest.fail("\n".join(lines), pytrace=False)
