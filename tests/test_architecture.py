"""The package's shape, kept true: imports flow one way, modules stay small, every module has its tests.

Imports are read from the source (every ``import`` statement, including those inside functions and
under ``TYPE_CHECKING``), so a lazy import cannot hide a back-edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scenario_tree"
TESTS = Path(__file__).resolve().parent
MAX_LINES = 500

# Lowest first: a module may import from its own layer's subpackage or from lower layers only.
LAYERS = [
    ["scenario_tree.errors", "scenario_tree.version"],
    ["scenario_tree.model"],
    ["scenario_tree.files"],
    ["scenario_tree.drawing"],
    ["scenario_tree.sharing.page"],  # the standalone page reads only the tree and its drawing: tree.save() writes it
    ["scenario_tree.scenario"],
    ["scenario_tree.analysis", "scenario_tree.synthetic"],
    ["scenario_tree.hindsight", "scenario_tree.sharing"],
    ["scenario_tree.explorer", "scenario_tree.cli"],
    ["scenario_tree"],  # the package's own __init__: the public facade over everything
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every package module that ``name`` imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in known)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def layer_of(module: str) -> tuple[int, str]:
    """The layer index and the layer entry (subpackage or module) that ``module`` belongs to."""
    best: tuple[int, str] | None = None
    for index, entries in enumerate(LAYERS):
        for entry in entries:
            if (module == entry or module.startswith(entry + ".")) and (best is None or len(entry) > len(best[1])):
                best = (index, entry)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")
    return best


def back_edges(graph: dict[str, set[str]]) -> list[str]:
    """Imports that go up a layer, or sideways into another part of the same layer."""
    wrong = []
    for source, targets in sorted(graph.items()):
        source_layer, source_entry = layer_of(source)
        for target in sorted(targets):
            target_layer, target_entry = layer_of(target)
            if target_layer > source_layer or (target_layer == source_layer and target_entry != source_entry):
                wrong.append(f"{source} imports {target} ({source_entry} may not import {target_entry})")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_imports_flow_one_way() -> None:
    assert back_edges(import_graph()) == []


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_contract_catches_a_back_edge_and_a_cycle() -> None:
    graph = import_graph()
    graph["scenario_tree.model.tree"] = graph["scenario_tree.model.tree"] | {"scenario_tree.drawing.drawing"}
    assert back_edges(graph) == ["scenario_tree.model.tree imports scenario_tree.drawing.drawing "
                                 "(scenario_tree.model may not import scenario_tree.drawing)"]
    assert ["scenario_tree.drawing.drawing", "scenario_tree.model.tree"] in [
        [member for member in cycle if member in ("scenario_tree.drawing.drawing", "scenario_tree.model.tree")]
        for cycle in cycles({**graph, "scenario_tree.drawing.drawing": {"scenario_tree.model.tree"}})]


def test_the_explorer_and_the_command_line_do_not_import_each_other() -> None:
    graph = import_graph()
    assert back_edges({**graph, "scenario_tree.cli.main": {"scenario_tree.explorer.widget"}}) == [
        "scenario_tree.cli.main imports scenario_tree.explorer.widget "
        "(scenario_tree.cli may not import scenario_tree.explorer)"]


def test_imports_inside_functions_count() -> None:
    graph = import_graph()
    assert "scenario_tree.explorer" in graph["scenario_tree"]  # explore() imports it lazily


@pytest.mark.parametrize("name", sorted(package_modules()))
def test_module_is_small(name: str) -> None:
    lines = len(package_modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by concern (at most {MAX_LINES})"


def expected_test_file(name: str) -> Path:
    parts = name.split(".")[1:]
    return TESTS.joinpath(*parts[:-1], f"test_{parts[-1]}.py")


@pytest.mark.parametrize("name", sorted(name for name, path in package_modules().items()
                                        if path.name not in ("__init__.py", "__main__.py")))
def test_every_module_has_a_test_file(name: str) -> None:
    assert expected_test_file(name).exists(), f"{name} has no test file: {expected_test_file(name)}"


def test_every_module_says_what_it_owns() -> None:
    missing = [name for name, path in package_modules().items()
               if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None]
    assert missing == []
