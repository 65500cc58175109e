"""The package's one direction of flow, read from the source (ast), so it cannot drift:

    core -> graph -> domain -> checks -> outputs -> entry points

A module may import its own layer or a lower one, never a higher one; packages import each
other in one direction only (no cycles between them), and no module cycle hides behind a
function-level or TYPE_CHECKING import: those count as imports like any other."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tooling" / "opsbook"

# A unit is a top-level module or a subpackage of opsbook; every unit is in exactly one layer.
LAYERS: dict[str, set[str]] = {
    "core": {"__init__", "diagnostics", "codes", "config", "conflict_policy", "lifecycle", "kinds",
             "model", "strict_yaml", "moments", "clock", "formats", "tables", "workers", "git_runner",
             "load", "writer", "ci_text", "spreadsheet"},
    "graph": {"graph", "graph_search"},
    "domain": {"kpis", "projects", "calendar", "cmdb"},
    "checks": {"validate", "workflow"},
    "outputs": {"site", "interop", "reporters"},
    "entry points": {"cli", "mkdocs_plugin", "__main__"},
}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module names
    imported: str
    where: str  # file:line
    how: str  # "top", "function" or "TYPE_CHECKING"


def module_name(root: Path, path: Path) -> str:
    parts = (root.name, *path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_imports(root: Path) -> list[Import]:
    """Every import of a module of the package at `root`, wherever in a file it is written."""
    paths = sorted(root.rglob("*.py"))
    modules = {module_name(root, path) for path in paths}
    found: list[Import] = []
    for path in paths:
        importer = module_name(root, path)
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node, how in _imports(tree, "top"):
            for target in _targets(node, package, modules):
                if target.split(".")[0] == root.name and target != importer:
                    where = f"{path.relative_to(root.parent)}:{node.lineno}"
                    found.append(Import(importer, target, where, how))
    return found


def _imports(node: ast.AST, how: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, how
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _imports(child, "function")
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            yield from _imports(child, "TYPE_CHECKING")
        else:
            yield from _imports(child, how)


def _targets(node: ast.Import | ast.ImportFrom, package: str, modules: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    # `from opsbook import moments` imports the module opsbook.moments, not the package.
    submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
    return submodules or [base]


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_index(unit: str) -> int:
    for index, units in enumerate(LAYERS.values()):
        if unit in units:
            return index
    raise LookupError(unit)


def upward_imports(imports: list[Import]) -> list[str]:
    names = list(LAYERS)
    problems = []
    for item in imports:
        low, high = unit_of(item.importer), unit_of(item.imported)
        if layer_index(high) > layer_index(low):
            problems.append(f"{item.where}: {low} ({names[layer_index(low)]}) imports "
                            f"{item.imported} ({names[layer_index(high)]}, a higher layer)")
    return problems


def unplaced_units(root: Path) -> list[str]:
    units = {unit_of(module_name(root, path)) for path in root.rglob("*.py")}
    placed = set().union(*LAYERS.values())
    return sorted(units - placed)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of nodes that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(edges.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def package_cycles(imports: list[Import]) -> list[str]:
    edges: dict[str, set[str]] = {}
    for item in imports:
        low, high = unit_of(item.importer), unit_of(item.imported)
        if low != high:
            edges.setdefault(low, set()).add(high)
    return [_cycle(group, imports, unit_of) for group in cycles(edges)]


def module_cycles(imports: list[Import]) -> list[str]:
    edges: dict[str, set[str]] = {}
    for item in imports:
        edges.setdefault(item.importer, set()).add(item.imported)
    return [_cycle(group, imports, str) for group in cycles(edges)]


def _cycle(group: list[str], imports: list[Import], node: Callable[[str], str]) -> str:
    """The cycle, naming the function-level or TYPE_CHECKING imports that hide it at run time."""
    members = set(group)
    hidden = [f"{i.where} ({i.how})" for i in imports if i.how != "top"
              and node(i.importer) in members and node(i.imported) in members
              and node(i.importer) != node(i.imported)]
    return " <-> ".join(group) + (f"; hidden by {', '.join(hidden)}" if hidden else "")


def violations(root: Path) -> list[str]:
    imports = read_imports(root)
    unplaced = [f"{unit}: not in any layer of tests/test_architecture.py" for unit in unplaced_units(root)]
    if unplaced:
        return unplaced
    return upward_imports(imports) + package_cycles(imports) + module_cycles(imports)


def test_the_package_flows_one_way() -> None:
    assert violations(PACKAGE) == []


def test_every_package_is_in_the_readme_in_flow_order() -> None:
    readme = (PACKAGE.parent.parent / "README.md").read_text("utf-8")
    packages = [path.parent.name for path in sorted(PACKAGE.glob("*/__init__.py"))]
    rows = [line for line in readme.splitlines() if line.startswith("| `opsbook/")]
    listed = [row.split("`")[1].removeprefix("opsbook/").rstrip("/") for row in rows]
    assert sorted(name for name in listed if name in packages) == sorted(packages)
    order = [layer_index(name) for name in listed if name in packages]
    assert order == sorted(order), listed


# The checker itself, on a small package written for each case.

def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "opsbook"
    for name, text in {"__init__.py": "", **files}.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, "utf-8")
    return package


def test_an_upward_import_is_found(tmp_path: Path) -> None:
    package = write_package(tmp_path, {
        "config.py": "from opsbook.calendar.policy import severity\n",
        "calendar/__init__.py": "",
        "calendar/policy.py": "severity = 1\n",
    })
    assert violations(package) == [
        "opsbook/config.py:1: config (core) imports opsbook.calendar.policy (domain, a higher layer)"]


@pytest.mark.parametrize("how", ["function", "TYPE_CHECKING"])
def test_a_cycle_hidden_by_a_late_import_is_found(tmp_path: Path, how: str) -> None:
    late = ("def f():\n    from opsbook.kpis import options\n" if how == "function"
            else "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from opsbook.kpis import options\n")
    package = write_package(tmp_path, {
        "kpis/__init__.py": "from opsbook.projects import report\n",
        "kpis/options.py": "",
        "projects/__init__.py": "",
        "projects/report.py": late,
    })
    line = 2 if how == "function" else 3
    assert violations(package) == [f"kpis <-> projects; hidden by opsbook/projects/report.py:{line} ({how})"]


def test_a_package_cycle_without_a_module_cycle_is_found(tmp_path: Path) -> None:
    package = write_package(tmp_path, {
        "calendar/__init__.py": "", "calendar/moments.py": "", "calendar/conflicts.py": "import opsbook.cmdb.dependencies\n",
        "cmdb/__init__.py": "", "cmdb/dependencies.py": "", "cmdb/impact.py": "from opsbook.calendar import moments\n",
    })
    assert violations(package) == ["calendar <-> cmdb"]


def test_a_new_package_must_be_placed_in_a_layer(tmp_path: Path) -> None:
    package = write_package(tmp_path, {"plans/__init__.py": ""})
    assert violations(package) == ["plans: not in any layer of tests/test_architecture.py"]


def test_a_module_cycle_inside_a_package_is_found(tmp_path: Path) -> None:
    package = write_package(tmp_path, {
        "site/__init__.py": "",
        "site/html.py": "from opsbook.site.kb import article\n",
        "site/kb.py": "def article():\n    from opsbook.site.html import ref\n",
    })
    assert violations(package) == ["opsbook.site.html <-> opsbook.site.kb; hidden by opsbook/site/kb.py:2 (function)"]
