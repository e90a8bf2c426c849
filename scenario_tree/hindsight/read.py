"""Hindsight records (``scenario-tree-hindsight/1``): what happened after a tree's forecast was made.

A record is a companion file to a scenario file. It names the tree and the forecast's date, says how
events were mapped to the tree's branches, and lists dated, sourced observations, each naming the node
that was reached. Loading checks the record against the tree and reports every problem at once, each
with the file, the line and the entry: unknown node ids, dates that are not ISO, dates before the
forecast, and observations that cannot all be true (two branches of one node, or nodes not on one path).
The realised path is the deepest observed node and its ancestors.

>>> import scenario_tree
>>> tree = scenario_tree.loads('''
... format: scenario-tree/1
... source: {title: T, date: "2020-01-01"}
... root: {id: r, label: R, kind: chance, children: [
...   {id: a, label: A, kind: outcome, probability: 0.7},
...   {id: b, label: B, kind: outcome, probability: 0.3}]}
... ''')
>>> record = loads_hindsight('''
... format: scenario-tree-hindsight/1
... title: Did A happen?
... tree: {file: t.yaml, forecast_date: 2020-01-01}
... compiled: 2021-01-01
... method: A plain fact.
... observed:
...   - {node: a, date: 2020-06-01, note: A happened, source: {title: News, outlet: Paper, date: 2020-06-02}}
... ''', tree)
>>> record.path
('r', 'a')
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, ScenarioFileError
from ..files import parse_text
from ..model import TreeModel
from ..scenario import ScenarioTree, load
from .check import read_record
from .record import FORMAT, ContextEvent, Hindsight, HindsightError, Observation, Source

__all__ = [
    "FORMAT",
    "ContextEvent",
    "Hindsight",
    "HindsightError",
    "Observation",
    "Source",
    "load_hindsight",
    "loads_hindsight",
    "tree_named_by",
]


def load_hindsight(path: str | os.PathLike[str], tree: TreeModel | None = None) -> Hindsight:
    """Read a hindsight record and check it against ``tree``.

    Args:
        path: The record (YAML or JSON).
        tree: The tree the forecast was made with; by default the file the record names, looked up
            beside the record.

    Raises:
        HindsightError: The record cannot be read, breaks the format or does not fit the tree.
    """
    tree = tree if tree is not None else tree_named_by(path)
    return loads_hindsight(_read(path), tree, file=str(path))


def loads_hindsight(text: str, tree: TreeModel, file: str = "<string>") -> Hindsight:
    """Read a hindsight record from YAML or JSON text and check it against ``tree``."""
    try:
        data, lines = parse_text(text, file)
    except ScenarioFileError as error:
        raise HindsightError(error.problems) from None
    return read_record(data, lines, tree, file)


def tree_named_by(path: str | os.PathLike[str]) -> ScenarioTree:
    """The scenario file a record names (``tree: file``), looked up beside the record."""
    name = str(path)
    try:
        data, lines = parse_text(_read(path), name)
    except ScenarioFileError as error:
        raise HindsightError(error.problems) from None
    entry = data.get("tree") if isinstance(data, dict) else None
    named = entry.get("file") if isinstance(entry, dict) else None
    line = lines.get(id(entry)) or lines.get(id(data))
    if not isinstance(named, str) or not named:
        raise HindsightError([Problem("missing; expected the scenario file's name (or pass the tree)",
                                      "tree: file", name, line)])
    target = Path(path).parent / named
    if not target.is_file():
        raise HindsightError([Problem(f"{named!r} not found beside the record (looked for {target}); "
                                      "pass the tree explicitly (--tree FILE)", "tree: file", name, line)])
    return load(target)


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise HindsightError([Problem(f"cannot read the record: {reason}", file=str(path))]) from None
