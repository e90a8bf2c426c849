"""Reading ``scenario-tree/1`` files: YAML or JSON text (one structure) to a checked tree.

The parser remembers the line of every mapping, so that every problem can name its line, and
refuses duplicate keys.

>>> loads('''
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

import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ScenarioFileError
from ..model import TreeModel
from . import silverdecisions
from .check import T, TreeFactory, tree_from_data
from .deep import run_deep
from .format import DEFAULT_TREE

__all__ = ["EXPONENT", "default_tree", "load", "load_or_default", "loads", "parse_text"]


def load(path: str | os.PathLike[str], factory: TreeFactory = TreeModel, tree: int = 0) -> T:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``) or a SilverDecisions file (its tree ``tree``).

    Raises:
        ScenarioFileError: The file cannot be read or breaks the format; every problem is listed.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError([Problem(f"cannot read the file: {_reason(error)}", file=name)]) from None
    loaded = loads(text, file=name, factory=factory, tree=tree)
    loaded.file = name
    return loaded


def loads(text: str, file: str = "<string>", factory: TreeFactory = TreeModel, tree: int = 0) -> T:
    """Read a scenario from YAML or JSON text (JSON is YAML, so one parser serves both).

    A SilverDecisions file (JSON with a top-level ``SilverDecisions`` key) is read too: ``tree``
    picks one of its trees (0, the first, by default); other files hold one tree only.
    """
    data, lines = silverdecisions.parse_json(text, file) or parse_text(text, file)
    if silverdecisions.is_silverdecisions(data):
        data, lines = silverdecisions.from_silverdecisions(data, file, tree), {}
    elif tree:
        raise ScenarioFileError([Problem(f"tree {tree}: a scenario-tree file holds one tree (0); only "
                                         "SilverDecisions files hold several", file=file)])
    return run_deep(file, tree_from_data, data, file, lines, factory)


def parse_text(text: str, file: str = "<string>") -> tuple[Any, dict[int, int]]:
    """The plain data in YAML or JSON text, and the line of each mapping (by ``id()``)."""
    return run_deep(file, _parse_yaml, text, file)


def load_or_default(path: str | os.PathLike[str] | None, factory: TreeFactory = TreeModel, tree: int = 0) -> T:
    """The tree in ``path`` (tree ``tree`` of a SilverDecisions file), or the article's tree without a path."""
    if path:
        return load(path, factory, tree)
    if tree:
        raise ScenarioFileError([Problem(f"tree {tree}: give a SilverDecisions FILE to pick one of its trees")])
    return default_tree(factory)


def default_tree(factory: TreeFactory = TreeModel) -> T:
    """The tree of the op-ed "The Ultimate Trump-Putin Deal" (Khodorkovsky, 2017), shipped in the package."""
    resource = resources.files(__package__) / "data" / DEFAULT_TREE
    return loads(resource.read_text(encoding="utf-8"), file=DEFAULT_TREE, factory=factory)


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
EXPONENT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+$")


_Loader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT, list("-+0123456789"))


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


def _reason(error: Exception) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)
