"""The published JSON Schema of ``scenario-tree/1`` (``schema.json``) and checking data against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .report import Report

__all__ = ["check_schema", "schema"]


@cache
def schema() -> dict[str, Any]:
    """The ``scenario-tree/1`` JSON Schema."""
    return json.loads((resources.files(__package__) / "schema.json").read_text(encoding="utf-8"))


def check_schema(data: dict[str, Any], report: Report) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda error: list(map(str, error.absolute_path))):
        node_path, field, raw = _locate(data, list(error.absolute_path))
        report.add(_schema_message(error, field), ": ".join(part for part in (node_path, field) if part), raw)


def _locate(data: dict[str, Any], where: list[Any]) -> tuple[str, str, Any]:
    """Turn a JSON path (``root, children, 0, probability``) into a node path and a field."""
    if not where or where[0] != "root":
        return "", ".".join(map(str, where)), data
    node, ids, rest = data["root"], [], where[1:]
    ids.append(str(node.get("id", "?")) if isinstance(node, dict) else "?")
    while len(rest) >= 2 and rest[0] == "children" and isinstance(rest[1], int):
        node = node["children"][rest[1]]
        ids.append(str(node.get("id", f"children[{rest[1]}]")) if isinstance(node, dict) else f"children[{rest[1]}]")
        rest = rest[2:]
    return "/" + "/".join(ids), ".".join(map(str, rest)), node


def _schema_message(error: jsonschema.ValidationError, field: str) -> str:
    expected = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        return f"unknown key {', '.join(map(repr, unknown))} (allowed: {', '.join(allowed)})"
    if error.validator == "required":
        return f"missing required key {error.message.split()[0]}"
    if error.validator == "enum":
        return f"found {error.instance!r}, expected one of {error.validator_value}"
    if expected:
        return f"found {error.instance!r}, expected {expected}"
    if error.validator == "type":
        return f"found {error.instance!r}, expected {_a(error.validator_value)}"
    return f"found {error.instance!r}: {error.message}"


def _a(kind: Any) -> str:
    names = [kind] if isinstance(kind, str) else list(kind)
    return " or ".join(("an " if name[0] in "aeiou" else "a ") + name for name in names)
