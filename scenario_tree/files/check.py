"""From plain data to a checked tree: the header, the depth, the schema, then the model's own rules.

Every problem found is reported at once, each naming the file, the line, the node path and what was
expected. The rules beyond the schema are :mod:`scenario_tree.model.rules`, the same that edits obey.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import chain
from typing import Any, TypeVar

from ..model import ScenarioNode, TreeModel
from ..model.nodes import attach_new_children
from ..model.rules import meta_breaches, tree_breaches, utility_breaches
from ..model.scenario_sets import name_of_scenario_problem
from .format import FORMAT, MAX_DEPTH, NODE_FIELDS, TOP_FIELDS
from .report import Report
from .schema import check_schema

__all__ = ["check_depth", "tree_from_data"]


T = TypeVar("T", bound=TreeModel)
TreeFactory = Callable[..., T]  # builds a tree from (root, meta): TreeModel or a subclass


def tree_from_data(data: Any, file: str = "<string>", lines: Mapping[int, int] | None = None,
                   factory: TreeFactory = TreeModel) -> T:
    """Check plain data against the format and build the tree; raise with every problem found.

    Args:
        data: The file's content as plain data (mappings, lists, text, numbers).
        file: The name problems are reported under.
        lines: The line of each mapping, by ``id()`` (see :func:`~scenario_tree.files.read.parse_text`).
        factory: The tree class to build (``TreeModel`` or a subclass).
    """
    report = Report(file, lines or {})
    for check in (_check_header, check_depth, check_schema):
        check(data, report)
        report.raise_if_any()
    root = _build_nodes(data["root"], report)
    meta = {key: data[key] for key in TOP_FIELDS if key in data and key != "format"}
    parameters, actors = meta.get("parameters") or {}, list(data.get("actors") or ["value"])
    for breach in chain(meta_breaches(meta), tree_breaches(root, actors, parameters),
                        utility_breaches(meta.get("utility"), actors, parameters)):
        if breach.node is None:  # a top-level field: the line of its mapping, else of the file's
            report.add(breach.message, breach.field, breach.raw if isinstance(breach.raw, dict) else data)
        else:
            report.at_node(breach.node, breach.message, breach.field)
    report.raise_if_any()
    tree = factory(root, meta)
    _check_scenarios(tree, data.get("scenarios") or {}, report)
    report.raise_if_any()
    return tree


def _check_scenarios(tree: TreeModel, scenarios: dict[str, Any], report: Report) -> None:
    """Each named scenario: known names and numbers in range, and a valid tree once applied (at its line)."""
    for name, spec in scenarios.items():
        if problem := name_of_scenario_problem(name):
            report.add(problem, "scenarios", spec if isinstance(spec, dict) else scenarios)
            continue
        for message in tree.scenario_problems(name):
            report.add(message, f"scenarios: {name}", spec)


def _check_header(data: Any, report: Report) -> None:
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        report.add(f"found {found}, expected a mapping with 'format: {FORMAT}' and a 'root' node")
    elif "format" not in data:
        report.add(f"missing 'format' (expected 'format: {FORMAT}')", raw=data)
    elif data["format"] != FORMAT:
        report.add(f"format: found {data['format']!r}, expected {FORMAT!r} "
                   "(a newer format needs a newer scenario-tree)", raw=data)


def check_depth(data: dict[str, Any], report: Report) -> None:
    """Refuse a tree deeper than ``MAX_DEPTH`` levels (level by level, no recursion)."""
    level, depth = [data.get("root")], 1
    while level:
        level = [child for node in level if isinstance(node, dict) and isinstance(node.get("children"), list)
                 for child in node["children"]]
        depth += 1
        if level and depth > MAX_DEPTH:
            report.add(f"the tree is deeper than {MAX_DEPTH} levels, the most this loader reads",
                       _first_ids(data["root"], level[0]) + "/...", level[0])
            return


def _first_ids(root: Any, target: Any) -> str:
    """The first three ids on the way from the root to ``target`` (for a message)."""
    parents, stack = {id(root): None}, [root]
    while stack:
        node = stack.pop()
        if node is target:
            break
        children = node.get("children") if isinstance(node, dict) else None
        for child in children if isinstance(children, list) else ():
            parents[id(child)] = node
            stack.append(child)
    way = [target]
    while parents.get(id(way[-1])) is not None:
        way.append(parents[id(way[-1])])
    return "/" + "/".join(str(node.get("id", "?")) if isinstance(node, dict) else "?" for node in way[::-1][:3])


def _build_nodes(raw_root: dict[str, Any], report: Report) -> ScenarioNode:
    """The nodes from checked data, parents first, each parent's children attached at once."""
    root = _node_from(raw_root, report)
    stack = [(root, raw_root)]
    while stack:
        node, raw = stack.pop()
        raw_children = raw.get("children")
        if raw_children:
            children = [_node_from(raw_child, report) for raw_child in raw_children]
            attach_new_children(node, children)
            stack.extend(zip(children, raw_children))
    return root


def _node_from(raw: dict[str, Any], report: Report) -> ScenarioNode:
    node = ScenarioNode(raw["id"], raw["label"], raw["kind"], **{key: raw[key] for key in _OPTIONAL if key in raw})
    report.raw_of[node] = raw
    return node


_OPTIONAL = NODE_FIELDS[3:]
