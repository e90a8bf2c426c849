"""Reading ``scenario-tree/1`` files: YAML or JSON text (one structure) to a checked tree.

JSON text is parsed by Python's C parser; other text (and JSON that is not valid JSON, such as YAML
flow style) by libyaml's (:mod:`~scenario_tree.files.yaml_read`). Both remember the line of every
mapping, so that every problem can name its line, and refuse duplicate keys. Files are read in
chunks up to :data:`~scenario_tree.files.format.MAX_FILE_BYTES`, refusing binary content at once.

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

import codecs
import gc
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model import TreeModel
from . import silverdecisions
from .check import T, TreeFactory, tree_from_data
from .deep import run_deep
from .format import DEFAULT_TREE, MAX_FILE_BYTES
from .source import fingerprint, remember

__all__ = ["default_tree", "load", "load_or_default", "loads", "parse_text", "read_text"]

_LOOKS_LIKE_JSON = re.compile(r"\ufeff?\s*\{")
_CHUNK = 1 << 20


def load(path: str | os.PathLike[str], factory: TreeFactory = TreeModel, tree: int = 0) -> T:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``) or a SilverDecisions file (its tree ``tree``).

    Raises:
        ScenarioFileError: The file cannot be read or breaks the format; every problem is listed.
    """
    name = str(path)
    seen = fingerprint(path)  # before reading: a change while reading shows as a change since loading
    loaded = loads(read_text(path), file=name, factory=factory, tree=tree)
    loaded.file = name
    remember(loaded, path, seen)
    return loaded


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's UTF-8 text, read in chunks: at most ``MAX_FILE_BYTES``, and no NUL bytes (not a text file)."""
    name = str(path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts, size = [], 0
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise ScenarioFileError([Problem(f"the file is larger than {MAX_FILE_BYTES:,} bytes, the most "
                                                     "this loader reads", file=name)])
                if b"\0" in chunk:
                    raise ScenarioFileError([Problem("cannot read the file: it contains NUL bytes (not a text "
                                                     "file)", file=name)])
                parts.append(decoder.decode(chunk))
            parts.append(decoder.decode(b"", final=True))
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError([Problem(f"cannot read the file: {_reason(error)}", file=name)]) from None
    return "".join(parts)


def loads(text: str, file: str = "<string>", factory: TreeFactory = TreeModel, tree: int = 0) -> T:
    """Read a scenario from YAML or JSON text.

    A SilverDecisions file (JSON with a top-level ``SilverDecisions`` key) is read too: ``tree``
    picks one of its trees (0, the first, by default); other files hold one tree only.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioFileError([Problem(f"the text is longer than {MAX_FILE_BYTES:,} characters, the most this "
                                         "loader reads", file=file)])
    with _collector_paused():
        data, lines = silverdecisions.parse_json(text, file) or parse_text(text, file)
        if silverdecisions.is_silverdecisions(data):
            data, lines = silverdecisions.from_silverdecisions(data, file, tree), {}
        elif tree:
            raise ScenarioFileError([Problem(f"tree {tree}: a scenario-tree file holds one tree (0); only "
                                             "SilverDecisions files hold several", file=file)])
        return tree_from_data(data, file, lines, factory)  # no recursion: checks run as deep as evaluation


def parse_text(text: str, file: str = "<string>") -> tuple[Any, Mapping[int, int]]:
    """The plain data in YAML or JSON text, and the line of each mapping (by ``id()``)."""
    json_error = None
    if _LOOKS_LIKE_JSON.match(text):
        from .json_read import read_json  # only the parser the text needs

        try:  # json recurses in C once per level: a thread with a large stack
            return run_deep(file, read_json, text.removeprefix("\ufeff"), file)
        except json.JSONDecodeError as error:  # perhaps YAML in flow style
            json_error = error
    from .yaml_read import read_yaml  # PyYAML is imported when YAML is read

    try:
        return read_yaml(text, file)
    except ScenarioFileError:
        if json_error is not None and file.lower().endswith(".json"):
            raise ScenarioFileError([Problem(f"JSON syntax error: {json_error.msg}", file=file,
                                             line=json_error.lineno)]) from None
        raise


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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read: loading makes millions of objects and no cycles,
    and the collector would otherwise walk them again and again (three times slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reason(error: Exception) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)
