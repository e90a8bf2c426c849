"""The published JSON Schema of ``scenario-tree/1`` (``schema.json``) and checking data against it.

The schema is compiled once by :mod:`~scenario_tree.files.validator` (no ``jsonschema`` at run time);
each error becomes a problem at its node path and field, worded from the schema's descriptions.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..model.nodes import id_in_path
from ..model.rules import shown
from .report import Report
from .validator import SchemaError, Validator

__all__ = ["check_schema", "schema", "validator"]


@cache
def schema() -> dict[str, Any]:
    """The ``scenario-tree/1`` JSON Schema."""
    return json.loads((resources.files(__package__) / "schema.json").read_text(encoding="utf-8"))


@cache
def validator() -> Validator:
    """The schema compiled into checks (once per process)."""
    return Validator(schema())


def check_schema(data: dict[str, Any], report: Report) -> None:
    """Report every place where ``data`` breaks the schema, in path order."""
    for error in sorted(validator().errors(data), key=lambda error: list(map(str, error.path))):
        node_path, field, raw = _locate(data, list(error.path))
        report.add(_schema_message(error), ": ".join(part for part in (node_path, field) if part), raw)


def _locate(data: dict[str, Any], where: list[Any]) -> tuple[str, str, Any]:
    """Turn a JSON path (``root, children, 0, probability``) into a node path and a field."""
    if not where or where[0] != "root":  # a top-level field: placed at the innermost mapping on its path
        holder = data
        for key in where:
            if not isinstance(holder, dict) or not isinstance(holder.get(key), dict):
                break
            holder = holder[key]
        return "", ".".join(map(str, where)), holder
    node, ids, rest = data["root"], [], where[1:]
    ids.append(_id_of(node, "?"))
    while len(rest) >= 2 and rest[0] == "children" and isinstance(rest[1], int):
        node = node["children"][rest[1]]
        ids.append(_id_of(node, f"children[{rest[1]}]"))
        rest = rest[2:]
    return "/" + "/".join(ids), ".".join(map(str, rest)), node


def _id_of(node: Any, fallback: str) -> str:
    return id_in_path(node.get("id", fallback)) if isinstance(node, dict) else fallback


def _schema_message(error: SchemaError) -> str:
    expected = error.schema.get("description")
    found = shown(error.instance)
    if error.keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return f"unknown key {', '.join(map(shown, error.detail))} (allowed: {', '.join(allowed)})"
    if error.keyword == "required":
        return f"missing required key {error.detail!r}"
    if error.keyword == "enum":
        return f"found {found}, expected one of {error.detail}"
    if expected:
        return f"found {found}, expected {expected}"
    if error.keyword == "type":
        return f"found {found}, expected {_a(error.detail)}"
    return f"found {found}: {error.message}"


def _a(kind: Any) -> str:
    names = [kind] if isinstance(kind, str) else list(kind)
    return " or ".join(("an " if name[0] in "aeiou" else "a ") + name for name in names)
