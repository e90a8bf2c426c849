"""Writing ``scenario-tree/1`` files: a tree to plain data, to YAML or JSON text, and to disk atomically."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..model import ScenarioNode, TreeModel
from .atomic import atomic_write
from .check import check_depth
from .deep import run_deep
from .format import FORMAT, NODE_FIELDS, TEXT_SUFFIXES, TOP_FIELDS
from .report import Report

__all__ = ["dumps", "save", "tree_to_data"]


_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


@cache
def _dumper() -> type:
    """A YAML writer (libyaml's emitter) whose output any YAML loader reads back the same.

    Date-like and exponent-like text is quoted, since other loaders would read it as a date or a number.
    """
    import yaml  # PyYAML's writer only when YAML is written

    from .yaml_read import EXPONENT

    class Dumper(yaml.CSafeDumper):
        pass

    Dumper.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT, list("-+0123456789"))
    return Dumper


def dumps(tree: TreeModel, fmt: str = "yaml") -> str:
    """The tree as ``yaml`` or ``json`` text, every field kept, children in order."""
    if fmt not in ("json", "yaml"):
        raise ValueError(f"unknown format: {fmt!r} (must be one of ['json', 'yaml'])")
    data = tree_to_data(tree)
    report = Report(tree.file or "<tree>", {})
    check_depth(data, report)  # never write what load would refuse
    report.raise_if_any()
    where = tree.file or "<tree>"
    if fmt == "json":
        text = run_deep(where, json.dumps, data, ensure_ascii=False, indent=2)
        # YAML (which reads our JSON) refuses these characters raw: write them as JSON escapes
        return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
    import yaml

    return run_deep(where, yaml.dump, data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)


def save(tree: TreeModel, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write the tree as YAML or JSON (``fmt``, or chosen by the extension), atomically."""
    target = Path(path)
    fmt = fmt or TEXT_SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(f"unknown file type: {target.suffix!r} (must be one of {sorted(TEXT_SUFFIXES)})")
    atomic_write(target, dumps(tree, fmt).encode("utf-8"))
    return target


def tree_to_data(tree: TreeModel) -> dict[str, Any]:
    """The tree as plain data: the file's top-level fields, then the nodes (iteratively)."""
    data: dict[str, Any] = {"format": FORMAT}
    data.update((key, tree.meta[key]) for key in TOP_FIELDS if key in tree.meta and key != "format")
    data.update({key: value for key, value in tree.meta.items() if key not in data})
    data["root"] = _node_data(tree.root)
    stack = [(tree.root, data["root"])]
    while stack:
        node, raw = stack.pop()
        if node.children:
            raw["children"] = [_node_data(child) for child in node.children]
            stack.extend(zip(node.children, raw["children"]))
    return data


def _node_data(node: ScenarioNode) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in NODE_FIELDS:
        value = getattr(node, key)
        if value is not None and value != []:
            data[key] = value
    return data
