"""Writing ``scenario-tree/1`` files: a tree to plain data, to YAML or JSON text, and to disk atomically."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ScenarioFileError
from ..model import ScenarioNode, TreeModel
from .atomic import atomic_write
from .check import check_depth
from .deep import run_deep
from .format import FORMAT, NODE_FIELDS, TEXT_SUFFIXES, TOP_FIELDS
from .patch import patched_text
from .read import parse_text, read_text
from .report import Report
from .source import check_overwrite, remember, source_of, unchanged

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
    where = tree.file or "<tree>"
    _refuse_too_deep(data, where)
    if fmt == "json":
        text = run_deep(where, json.dumps, data, ensure_ascii=False, indent=2)
        # YAML (which reads our JSON) refuses these characters raw: write them as JSON escapes
        return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
    import yaml

    return run_deep(where, yaml.dump, data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)


def save(tree: TreeModel, path: str | os.PathLike[str], fmt: str | None = None, overwrite: bool = False) -> Path:
    """Write the tree as YAML or JSON (``fmt``, or chosen by the extension), atomically.

    A tree loaded from a file is written into that file's text, so that comments, order and style
    stay and only the changed values change (:mod:`~scenario_tree.files.patch`); a tree built in
    code is written in the canonical style. Afterwards ``path`` is the tree's own file.

    Raises:
        OverwriteRefused: ``path`` exists and is not the tree's own file, or changed on disk since it
            was loaded; ``overwrite=True`` replaces it anyway.
    """
    target = Path(path)
    fmt = fmt or TEXT_SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(f"unknown file type: {target.suffix!r} (must be one of {sorted(TEXT_SUFFIXES)})")
    check_overwrite(tree, target, overwrite)
    atomic_write(target, _text_for(tree, target, fmt).encode("utf-8"))
    remember(tree, target)
    tree.file = str(target)
    return target


def _text_for(tree: TreeModel, target: Path, fmt: str) -> str:
    """The tree in its own file's text when there is one to keep, else in the canonical style."""
    base = _base_text(tree, target, fmt)
    if base is None:
        return dumps(tree, fmt)
    data = tree_to_data(tree)
    _refuse_too_deep(data, str(target))
    try:
        text = patched_text(base, fmt, data, str(target))
        kept = run_deep(str(target), lambda: _plain(parse_text(text, str(target))[0]) == _plain(data))
    except Exception:  # keeping the file's layout is a nicety: a surprise there must never stop a save
        kept = False
    return text if kept else dumps(tree, fmt)


def _base_text(tree: TreeModel, target: Path, fmt: str) -> str | None:
    """The text to keep: the target if it is the tree's own file, else the tree's file if unchanged."""
    source = source_of(tree)
    if source is None:
        return None
    own = os.path.lexists(target) and os.path.realpath(target) == source.real
    base = target if own else Path(source.real) if unchanged(source) else None
    if base is None or TEXT_SUFFIXES.get(base.suffix.lower()) != fmt:
        return None
    try:
        return read_text(base)
    except ScenarioFileError:
        return None


def _plain(data: Any) -> Any:
    """Data with empty values dropped (a file's ``tags: []`` is the tree's missing tags), without recursion."""
    root: dict[str, Any] = {}
    stack = [(data, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, dict) else enumerate(source)
        for key, value in pairs:
            if isinstance(source, dict) and (value is None or value == [] or value == {}):
                continue
            if isinstance(value, dict | list):
                copy: Any = {} if isinstance(value, dict) else []
                stack.append((value, copy))
                value = copy
            if isinstance(target, list):
                target.append(value)
            else:
                target[key] = value
    return root


def _refuse_too_deep(data: dict[str, Any], where: str) -> None:
    report = Report(where, {})
    check_depth(data, report)  # never write what load would refuse
    report.raise_if_any()


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
