"""The layers of the code, read from its imports: they run one way, and nothing runs in a circle.

- The foundations (``FOUNDATIONS``: accounts, taxonomy, notifications, core, search) import no
  domain app. A foundation that needs to know something of a domain app asks a hook on the
  app's AppConfig (as ``notification_categories``), never the app's modules.
- The domain apps (``DOMAIN_APPS``) sit above the foundations in one order,
  ``processing_groups ← ideas ← labs ← showroom``: each imports only the apps to its left, so
  ``processing_groups`` never imports ``ideas``, neither imports ``labs`` or ``showroom``, and
  ``labs`` never imports ``showroom``.
- The composition (``COMPOSITION``: the URLconf, the demo, the metrics and the audit trail,
  which read every app) sits on top. It is the only part of ``popsote/`` that may
  import domain apps, and nothing imports it.
- No module imports itself through others, however deep the import sits: an import inside a
  function still ties the two modules together, it only hides the circle from the reader.

Every ``.py`` file of our apps is read with ``ast``, migrations included, and every import
counts, at any depth. Names in strings (``INSTALLED_APPS``, ``include("ideas.urls")``,
``import_module``) are not imports: settings and the URLconf name the apps by design.
"""

from __future__ import annotations

import ast
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGES = ("popsote", "processing_groups", "ideas", "labs", "showroom")

FOUNDATIONS = (
    "popsote.accounts",
    "popsote.taxonomy",
    "popsote.notifications",
    "popsote.core",
    "popsote.search",
)
# Lowest first: an app may import those before it, never one after it.
DOMAIN_APPS = ("processing_groups", "ideas", "labs", "showroom")
# The only modules of popsote/ that may import domain apps: the URLconf that mounts their pages,
# the demo command that seeds each of them, the metrics, which count across all of them,
# privacy, which exports and removes a person's rows in all of them, and the audit, which reads
# their event tables.
COMPOSITION = (
    "popsote.urls",
    "popsote.demo",
    "popsote.metrics",
    "popsote.privacy",
    "popsote.audit",
)


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "ideas.services"
    target: str  # the module imported, e.g. "processing_groups.routing"
    path: str  # the importing file, relative to the root
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(root: Path, packages=PACKAGES) -> list[Import]:
    """Every import, at any depth, of a module of ``packages`` under ``root`` by another."""
    files = {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }
    imports = []
    for source, path in files.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            for target in _targets(node, package, files):
                if target != source and target.partition(".")[0] in packages:
                    relative = path.relative_to(root).as_posix()
                    imports.append(Import(source, target, relative, node.lineno))
    return imports


def _targets(node: ast.AST, package: str, modules) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parents = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*parents, *([node.module] if node.module else [])])
    # ``from ideas import services`` imports the module ideas.services; ``from ideas.models
    # import Suggestion`` imports ideas.models.
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
        for alias in node.names
    ]


def _within(module: str, prefixes) -> str | None:
    return next((p for p in prefixes if module == p or module.startswith(f"{p}.")), None)


def layer_violations(imports: list[Import]) -> list[str]:
    """One message per import that breaks a rule: where, what, and which rule."""
    found = []
    for imp in sorted(imports, key=lambda imp: (imp.path, imp.line)):
        rule = _broken_rule(imp.source, imp.target)
        if rule:
            found.append(f"{imp.where}: {imp.source} imports {imp.target}: {rule}")
    return found


def _broken_rule(source: str, target: str) -> str | None:
    if _within(target, COMPOSITION) and not _within(source, COMPOSITION):
        return f"nothing imports the composition ({', '.join(COMPOSITION)}): it sits on top"
    target_app = _within(target, DOMAIN_APPS)
    if target_app is None:
        return None
    source_app = _within(source, DOMAIN_APPS)
    if source_app is not None:
        if DOMAIN_APPS.index(target_app) > DOMAIN_APPS.index(source_app):
            order = " ← ".join(DOMAIN_APPS)
            return f"{source_app} never imports {target_app} (domain apps run {order})"
        return None
    if _within(source, COMPOSITION):
        return None
    foundation = _within(source, FOUNDATIONS)
    if foundation is not None:
        return f"a foundation ({foundation}) imports no domain app"
    return f"in popsote/ only the composition ({', '.join(COMPOSITION)}) imports domain apps"


def circles(imports: list[Import]) -> list[list[Import]]:
    """One chain of imports for each group of modules that import one another in a circle,
    starting and ending at the group's first module, as short as the group allows."""
    graph: dict[str, dict[str, Import]] = defaultdict(dict)
    for imp in imports:
        graph[imp.source].setdefault(imp.target, imp)  # the first import of it, by line
    chains = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            chains.append(_shortest_circle(graph, min(group), group))
    return sorted(chains, key=lambda chain: chain[0].source)


def _strongly_connected(graph) -> list[set[str]]:
    """Tarjan's algorithm, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def _shortest_circle(graph, start: str, group: set[str]) -> list[Import]:
    came_by: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor, imp in sorted(graph[node].items()):
                if successor == start:
                    chain = [imp]
                    while chain[0].source != start:
                        chain.insert(0, came_by[chain[0].source])
                    return chain
                if successor in group and successor not in came_by:
                    came_by[successor] = imp
                    following.append(successor)
        frontier = following
    raise AssertionError(f"{start} is in no circle")


def describe(chain: list[Import]) -> str:
    steps = [f"{imp.source} ({imp.where}) → " for imp in chain]
    return "".join(steps) + chain[0].source


# --- The code as it is --------------------------------------------------------------------


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return read_imports(BASE_DIR)


def test_it_reads_the_imports_of_every_app(imports):
    # A checker that read nothing would pass everything.
    importing = {imp.source.partition(".")[0] for imp in imports}
    assert {"popsote", "processing_groups", "ideas"} <= importing
    assert any(
        imp.source == "ideas.services.transitions" and imp.target.startswith("ideas.models")
        for imp in imports
    )


def test_foundations_and_domain_apps_import_only_downwards(imports):
    violations = layer_violations(imports)
    assert not violations, "Imports against the layers:\n" + "\n".join(violations)


def test_no_module_imports_itself_through_others(imports):
    found = circles(imports)
    assert not found, "Modules that import themselves through others:\n" + "\n".join(
        describe(chain) for chain in found
    )


# --- The checker itself, on code written for it --------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_the_checker_catches_a_foundation_importing_a_domain_app_inside_a_function(tmp_path):
    root = write(
        tmp_path,
        {
            "popsote/core/views.py": """\
                def home(request):
                    from ideas.models import Suggestion
                    return Suggestion
            """,
            "ideas/models.py": "Suggestion = object\n",
        },
    )
    assert layer_violations(read_imports(root)) == [
        "popsote/core/views.py:2: popsote.core.views imports ideas.models: "
        "a foundation (popsote.core) imports no domain app"
    ]


def test_the_checker_catches_a_domain_app_importing_one_above_it(tmp_path):
    root = write(
        tmp_path,
        {
            "processing_groups/routing.py": "from ideas import services\n",
            "ideas/services.py": "from labs.models import Label\n",
            "labs/models.py": "from showroom import listing\n",
            "showroom/listing.py": "from ideas.models import Suggestion\n",
            "ideas/models.py": "",
        },
    )
    messages = layer_violations(read_imports(root))
    assert messages == [
        "ideas/services.py:1: ideas.services imports labs.models: ideas never imports labs "
        "(domain apps run processing_groups ← ideas ← labs ← showroom)",
        "labs/models.py:1: labs.models imports showroom.listing: labs never imports showroom "
        "(domain apps run processing_groups ← ideas ← labs ← showroom)",
        "processing_groups/routing.py:1: processing_groups.routing imports ideas.services: "
        "processing_groups never imports ideas "
        "(domain apps run processing_groups ← ideas ← labs ← showroom)",
    ]


def test_the_checker_lets_only_the_composition_import_domain_apps(tmp_path):
    root = write(
        tmp_path,
        {
            "popsote/urls.py": "import ideas.urls\nfrom processing_groups import urls\n",
            "popsote/demo/seed.py": "from ideas.demo import seed\n",
            "popsote/settings.py": "from ideas.urls import urlpatterns\n",
            "ideas/urls.py": "from popsote.urls import urlpatterns\n",
            "ideas/demo.py": "",
            "processing_groups/urls.py": "",
        },
    )
    assert layer_violations(read_imports(root)) == [
        "ideas/urls.py:1: ideas.urls imports popsote.urls: nothing imports the composition "
        "(popsote.urls, popsote.demo, popsote.metrics, popsote.privacy, popsote.audit): it sits "
        "on top",
        "popsote/settings.py:1: popsote.settings imports ideas.urls: in popsote/ only the "
        "composition (popsote.urls, popsote.demo, popsote.metrics, popsote.privacy, "
        "popsote.audit) imports domain apps",
    ]


def test_the_checker_reports_a_circle_as_a_chain_of_imports(tmp_path):
    root = write(
        tmp_path,
        {
            "ideas/__init__.py": "",
            "ideas/services.py": "from . import tasks\n",
            "ideas/tasks.py": "import ideas.mail\n",
            "ideas/mail.py": "def send():\n    from ideas.services import queue\n",
            "ideas/models.py": "from ideas import lifecycle\n",
            "ideas/lifecycle.py": "",
        },
    )
    (chain,) = circles(read_imports(root))
    assert describe(chain) == (
        "ideas.mail (ideas/mail.py:2) → ideas.services (ideas/services.py:1) → "
        "ideas.tasks (ideas/tasks.py:1) → ideas.mail"
    )
