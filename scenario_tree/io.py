"""Reading, checking and writing ``scenario-tree/1`` files (YAML or JSON, one structure).

Loading checks the text against the published JSON Schema (``schema.json`` in the package) and
then the rules a schema cannot say (unique ids, probabilities summing to 1, ...). Every problem
found is reported at once, each naming the file, the line, the node path and what was expected.
Saving is atomic: a save that is interrupted leaves the old file as it was.

>>> tree = loads('''
... format: scenario-tree/1
... root: {id: r, label: Root, kind: chance, children: [
...   {id: a, label: A, kind: outcome, probability: 0.7},
...   {id: b, label: B, kind: outcome, probability: 0.2}]}
... ''', file="demo.yaml")
Traceback (most recent call last):
...
scenario_tree.errors.ScenarioFileError: demo.yaml:3: /r: children: probabilities sum to 0.9, expected 1
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import yaml

from .errors import Problem, ScenarioFileError
from .expressions import ExpressionError
from .model import REMAINDER, ScenarioNode, preorder, resolved_probabilities
from .parameters import declared_range, is_expression, number, resolve
from .tree import FORMAT, ScenarioTree

__all__ = [
    "MAX_DEPTH",
    "atomic_write",
    "default_tree",
    "dumps",
    "load",
    "load_or_default",
    "loads",
    "save",
    "schema",
    "tree_to_data",
]

MAX_DEPTH = 2000
SUM_TOLERANCE = 1e-9
TEXT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
NODE_FIELDS = ("id", "label", "kind", "actor", "probability", "concentration", "payoff", "tags", "notes", "quotes",
               "url")
TOP_FIELDS = ("format", "title", "description", "source", "actors", "parameters")
DEFAULT_TREE = "trump_putin_2017.yaml"
_T = TypeVar("_T")


# -- public API ---------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> ScenarioTree:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``).

    Raises:
        ScenarioFileError: The file cannot be read or breaks the format; every problem is listed.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError([Problem(f"cannot read the file: {_reason(error)}", file=name)]) from None
    tree = loads(text, file=name)
    tree.file = name
    return tree


def loads(text: str, file: str = "<string>") -> ScenarioTree:
    """Read a scenario from YAML or JSON text (JSON is YAML, so one parser serves both)."""
    from .files import silverdecisions  # imported here: it builds on outline, which imports this module
    data, lines = silverdecisions.parse_json(text, file) or _run_deep(file, _parse_yaml, text, file)
    if silverdecisions.is_silverdecisions(data):
        data, lines = silverdecisions.from_silverdecisions(data, file), {}
    return _run_deep(file, tree_from_data, data, file, lines)


def load_or_default(path: str | os.PathLike[str] | None) -> ScenarioTree:
    """The tree in ``path``, or the article's tree when no path is given."""
    return load(path) if path else default_tree()


def default_tree() -> ScenarioTree:
    """The tree of the op-ed "The Ultimate Trump-Putin Deal" (Khodorkovsky, 2017), shipped in the package."""
    resource = resources.files("scenario_tree") / "data" / DEFAULT_TREE
    tree = loads(resource.read_text(encoding="utf-8"), file=DEFAULT_TREE)
    return tree


@cache
def schema() -> dict[str, Any]:
    """The ``scenario-tree/1`` JSON Schema."""
    return json.loads((resources.files("scenario_tree") / "schema.json").read_text(encoding="utf-8"))


def dumps(tree: ScenarioTree, fmt: str = "yaml") -> str:
    """The tree as ``yaml`` or ``json`` text, every field kept, children in order."""
    if fmt not in ("json", "yaml"):
        raise ValueError(f"unknown format: {fmt!r} (must be one of ['json', 'yaml'])")
    data = tree_to_data(tree)
    report = _Report(tree.file or "<tree>", {})
    _check_depth(data, report)  # never write what load would refuse
    report.raise_if_any()
    where = tree.file or "<tree>"
    if fmt == "json":
        text = _run_deep(where, json.dumps, data, ensure_ascii=False, indent=2)
        # YAML (which reads our JSON) refuses these characters raw: write them as JSON escapes
        return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
    return _run_deep(where, yaml.dump, data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def save(tree: ScenarioTree, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write the tree as YAML or JSON (``fmt``, or chosen by the extension), atomically."""
    target = Path(path)
    fmt = fmt or TEXT_SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(f"unknown file type: {target.suffix!r} (must be one of {sorted(TEXT_SUFFIXES)})")
    atomic_write(target, dumps(tree, fmt).encode("utf-8"))
    return target


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a mix.

    The bytes go to a temporary file beside the target, are flushed and synced to disk, and the
    temporary file is renamed over the target (keeping its permissions).
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)
    return target


# -- parsing ------------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """A safe loader that remembers each mapping's line and refuses duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, int] = {}
        self.duplicates: list[tuple[int, str]] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    loader.lines[id(data)] = node.start_mark.line + 1
    yield data
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in data:
            loader.duplicates.append((key_node.start_mark.line + 1, str(key)))
        data[key] = None
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# Dates stay text (``date: 2017-03-08``), so YAML and JSON read the same and saving changes nothing.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.1 reads 1e-05 as text; JSON (and people) write exponents without a dot: read them as numbers.
_EXPONENT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))
_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


class _Dumper(yaml.SafeDumper):
    """Writes YAML that any YAML loader reads back the same: date-like and exponent-like text is quoted."""


_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


def _parse_yaml(text: str, file: str) -> tuple[Any, dict[int, int]]:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ScenarioFileError([Problem(f"unreadable text: {error.reason} (character {error.character!r}); "
                                         "expected printable UTF-8", file=file, line=line)]) from None
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise ScenarioFileError([Problem(f"YAML syntax error: {problem}", file=file, line=line)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ScenarioFileError([Problem(f"unreadable text: {error.reason} (character {error.character!r}); "
                                         "expected printable UTF-8", file=file, line=line)]) from None
    except yaml.YAMLError as error:
        raise ScenarioFileError([Problem(f"YAML error: {error}", file=file)]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise ScenarioFileError([Problem(f"duplicate key {key!r} (a later value would silently replace the first)",
                                         file=file, line=line) for line, key in loader.duplicates])
    return data, loader.lines


# -- checking -----------------------------------------------------------------------------------


def tree_from_data(data: Any, file: str = "<string>", lines: dict[int, int] | None = None) -> ScenarioTree:
    """Check plain data against the format and build the tree; raise with every problem found."""
    report = _Report(file, lines or {})
    for check in (_check_header, _check_depth, _check_schema):
        check(data, report)
        report.raise_if_any()
    root = _build_nodes(data["root"], report)
    tree = ScenarioTree(root, {key: data[key] for key in TOP_FIELDS if key in data}, file=None)
    _check_semantics(tree, report)
    report.raise_if_any()
    return tree


class _Report:
    """Problems found so far, each placed at its node path and line."""

    def __init__(self, file: str, lines: dict[int, int]) -> None:
        self.file, self.lines, self.problems = file, lines, []
        self.raw_of: dict[ScenarioNode, dict[str, Any]] = {}

    def add(self, message: str, path: str = "", raw: Any = None) -> None:
        self.problems.append(Problem(message, path, self.file, self.lines.get(id(raw))))

    def at_node(self, node: ScenarioNode, message: str, field: str = "") -> None:
        from .model import node_path

        self.add(message, node_path(node) + (f": {field}" if field else ""), self.raw_of.get(node))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioFileError(self.problems)


def _check_header(data: Any, report: _Report) -> None:
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        report.add(f"found {found}, expected a mapping with 'format: {FORMAT}' and a 'root' node")
    elif "format" not in data:
        report.add(f"missing 'format' (expected 'format: {FORMAT}')", raw=data)
    elif data["format"] != FORMAT:
        report.add(f"format: found {data['format']!r}, expected {FORMAT!r} "
                   "(a newer format needs a newer scenario-tree)", raw=data)


def _check_depth(data: dict[str, Any], report: _Report) -> None:
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


def _check_schema(data: dict[str, Any], report: _Report) -> None:
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


def _build_nodes(raw_root: dict[str, Any], report: _Report) -> ScenarioNode:
    root = _node_from(raw_root, None, report)
    stack = [(root, raw_root)]
    while stack:
        node, raw = stack.pop()
        for raw_child in raw.get("children") or []:
            stack.append((_node_from(raw_child, node, report), raw_child))
    return root


def _node_from(raw: dict[str, Any], parent: ScenarioNode | None, report: _Report) -> ScenarioNode:
    fields = {key: raw[key] for key in NODE_FIELDS[3:] if key in raw}
    node = ScenarioNode(raw["id"], raw["label"], raw["kind"], parent=parent, **fields)
    report.raw_of[node] = raw
    return node


def _check_semantics(tree: ScenarioTree, report: _Report) -> None:
    values = _parameter_values(tree, report)
    seen: dict[str, ScenarioNode] = {}
    for node in preorder(tree.root):
        if node.id in seen:
            report.at_node(node, f"duplicate id {node.id!r} (first used at {seen[node.id]!r})", "id")
        seen.setdefault(node.id, node)
        if node.id in tree.parameters:  # analyses name a branch by its id: the two would be confused
            report.at_node(node, f"{node.id!r} is also a parameter's name; rename one of them", "id")
        _check_node(node, tree.actors, values, report)


def _parameter_values(tree: ScenarioTree, report: _Report) -> dict[str, float] | None:
    """The parameters' values, or None (with the problem reported) when they cannot be worked out."""
    for name, spec in tree.parameters.items():
        bounds = declared_range(spec)
        if bounds is not None and bounds[0] > bounds[1]:
            report.add(f"low {bounds[0]:g} is above high {bounds[1]:g}", f"parameters: {name}", spec)
    try:
        return resolve(tree.parameters)
    except ExpressionError as error:
        report.add(str(error), "parameters", tree.meta.get("parameters"))
        return None


def _check_node(node: ScenarioNode, actors: list[str], values: dict[str, float] | None, report: _Report) -> None:
    parent_kind = node.parent.kind if node.parent is not None else None
    if node.kind == "outcome" and node.children:
        report.at_node(node, f"an outcome has no children, found {len(node.children)}", "children")
    if node.kind != "outcome" and not node.children:
        report.at_node(node, f"a {node.kind} node needs at least one child, found none", "children")
    if parent_kind == "chance" and node.probability is None:
        report.at_node(node, "missing; every branch of a chance node needs a probability (a number or '#')",
                       "probability")
    if parent_kind != "chance" and node.probability is not None:
        where = "the root" if parent_kind is None else "a branch of a decision"
        report.at_node(node, f"found {node.probability!r}, expected none on {where} "
                             "(only branches of chance nodes have probabilities)", "probability")
    if node.concentration is not None and node.kind != "chance":
        report.at_node(node, f"found on a {node.kind} node; only chance nodes have a concentration", "concentration")
    if node.actor is not None and node.kind != "decision":
        report.at_node(node, f"found {node.actor!r} on a {node.kind} node; only decisions have an actor", "actor")
    elif node.actor is not None and node.actor not in actors:
        report.at_node(node, f"unknown actor {node.actor!r} (must be one of {actors})", "actor")
    if isinstance(node.payoff, dict):
        for actor in node.payoff:
            if actor not in actors:
                report.at_node(node, f"unknown actor {actor!r} (must be one of {actors})", "payoff")
    if _is_number(node.payoff) and not math.isfinite(node.payoff):
        report.at_node(node, f"found {node.payoff!r}, expected a finite number", "payoff")
    _check_expressions(node, values, report)
    if node.kind == "chance" and node.children and values is not None:
        _check_sum(node, values, report)


def _check_expressions(node: ScenarioNode, values: dict[str, float] | None, report: _Report) -> None:
    """Every expression parses, names known parameters and gives a number (a probability in [0, 1])."""
    payoffs = node.payoff.items() if isinstance(node.payoff, dict) else [(None, node.payoff)]
    written = [("probability", node.probability)] + [
        ("payoff" if actor is None else f"payoff.{actor}", amount) for actor, amount in payoffs]
    if isinstance(node.probability, dict):
        low, high = node.probability["low"], node.probability["high"]
        if low > high:
            report.at_node(node, f"low {low:g} is above high {high:g}", "probability")
    for field, raw in written:
        if not is_expression(raw):
            continue
        try:
            amount = number(raw, values if values is not None else {})
        except ExpressionError as error:
            if values is not None or "unknown name" not in str(error):
                report.at_node(node, str(error), field)
            continue
        if field == "probability" and not 0 <= amount <= 1:
            report.at_node(node, f"{raw!r} is {amount:g}, expected a number in [0, 1]", field)


def _check_sum(chance: ScenarioNode, values: dict[str, float], report: _Report) -> None:
    raw = [child.probability for child in chance.children]
    if any(value is None for value in raw):
        return
    try:
        given = sum(number(value, values) for value in raw if value != REMAINDER)
        total = sum(resolved_probabilities(chance, values))
    except ExpressionError:
        return  # reported at the branch
    if REMAINDER in raw and given > 1 + SUM_TOLERANCE:
        report.at_node(chance, f"the numbered branches sum to {given:g}, leaving nothing for '#'; "
                               "expected at most 1", "children")
    if abs(total - 1) > SUM_TOLERANCE:
        report.at_node(chance, f"probabilities sum to {total:.10g}, expected 1", "children")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- writing ------------------------------------------------------------------------------------


def tree_to_data(tree: ScenarioTree) -> dict[str, Any]:
    """The tree as plain data: the file's top-level fields, then the nodes (iteratively)."""
    data = {key: tree.meta[key] for key in TOP_FIELDS if key in tree.meta}
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


# -- helpers ------------------------------------------------------------------------------------


def _run_deep(where: str, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run a recursive parser or printer on a thread with a large stack, so deep trees fit.

    PyYAML, jsonschema and json recurse once or twice per level of the tree. A thread with a
    256 MiB stack and a raised recursion limit carries them past ``MAX_DEPTH`` levels.
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed back to the caller's thread below
            outcome["error"] = error

    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        threading.stack_size(256 * 1024 * 1024)
        sys.setrecursionlimit(max(old_limit, 60 * MAX_DEPTH))
        worker = threading.Thread(target=work, name="scenario-tree-deep")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, RecursionError):
            raise ScenarioFileError([Problem(f"the tree is nested too deeply to read (at most {MAX_DEPTH} levels)",
                                             file=where)]) from None
        raise error
    return outcome["value"]


def _reason(error: Exception) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
