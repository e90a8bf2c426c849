"""From plain data to a checked tree: the header, the depth, the schema, then the model's own rules.

Every problem found is reported at once, each naming the file, the line, the node path and what was
expected. The rules beyond the schema are :mod:`scenario_tree.model.rules`, the same that edits obey.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..model import ScenarioNode, TreeModel
from ..model.rules import tree_breaches
from .format import FORMAT, MAX_DEPTH, NODE_FIELDS, TOP_FIELDS
from .report import Report
from .schema import check_schema

__all__ = ["check_depth", "tree_from_data"]


T = TypeVar("T", bound=TreeModel)
TreeFactory = Callable[..., T]  # builds a tree from (root, meta): TreeModel or a subclass


def tree_from_data(data: Any, file: str = "<string>", lines: dict[int, int] | None = None,
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
    for breach in tree_breaches(root, list(data.get("actors") or ["value"]), meta.get("parameters") or {}):
        if breach.node is None:
            report.add(breach.message, breach.field, breach.raw)
        else:
            report.at_node(breach.node, breach.message, breach.field)
    report.raise_if_any()
    return factory(root, meta)


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
    depth, node, path = 1, data.get("root"), []
    stack = [(node, 1, path)]
    while stack:
        node, depth, path = stack.pop()
        if not isinstance(node, dict):
            continue
        path = path + [str(node.get("id", "?"))] if depth <= MAX_DEPTH else path
        if depth > MAX_DEPTH:
            report.add(f"the tree is deeper than {MAX_DEPTH} levels, the most this loader reads",
                       "/" + "/".join(path[:3]) + "/...", node)
            return
        children = node.get("children")
        if isinstance(children, list):
            stack.extend((child, depth + 1, path) for child in children)


def _build_nodes(raw_root: dict[str, Any], report: Report) -> ScenarioNode:
    root = _node_from(raw_root, None, report)
    stack = [(root, raw_root)]
    while stack:
        node, raw = stack.pop()
        for raw_child in raw.get("children") or []:
            stack.append((_node_from(raw_child, node, report), raw_child))
    return root


def _node_from(raw: dict[str, Any], parent: ScenarioNode | None, report: Report) -> ScenarioNode:
    fields = {key: raw[key] for key in NODE_FIELDS[3:] if key in raw}
    node = ScenarioNode(raw["id"], raw["label"], raw["kind"], parent=parent, **fields)
    report.raw_of[node] = raw
    return node
