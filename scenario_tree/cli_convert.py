"""The ``scenario-tree convert`` command: scenario files, SilverDecisions JSON and Gambit games.

``scenario-tree convert FILE -o OUT [--to scenario|silverdecisions|gambit] [--tree N]`` reads a
scenario file or a SilverDecisions file (``--tree N`` picks one of its trees, 0 being the first)
and writes OUT atomically. The format is ``--to``, or follows OUT's extension: ``.yaml``, ``.yml``
and ``.json`` are scenario files, ``.efg`` a Gambit game. What the target format cannot hold is
printed as a warning line before ``wrote OUT``.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path
from typing import Any, TextIO

from .errors import Problem, ScenarioFileError
from .files.gambit import to_efg
from .files.silverdecisions import SilverDecisionsWarning, from_silverdecisions, is_silverdecisions, to_silverdecisions
from .io import _run_deep, atomic_write, load_or_default, tree_from_data
from .model import ScenarioNode
from .tree import ScenarioTree

__all__ = ["FORMATS", "add_convert_command"]

FORMATS = ("scenario", "silverdecisions", "gambit")
BY_SUFFIX = {".yaml": "scenario", ".yml": "scenario", ".json": "scenario", ".efg": "gambit"}
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
INDENTED_DEPTH = 50  # SilverDecisions files of deeper trees are written without indentation


def add_convert_command(commands: Any) -> None:
    """Register ``convert`` with the ``scenario-tree`` subcommands (an argparse subparsers object)."""
    help = "convert between scenario files, SilverDecisions JSON and Gambit .efg games"
    sub = commands.add_parser("convert", help=help, description=help)
    sub.add_argument("file", nargs="?", metavar="FILE",
                     help="a scenario or SilverDecisions file (default: the article's tree)")
    sub.add_argument("-o", "--output", required=True, help="where to write the converted file")
    sub.add_argument("--to", choices=FORMATS,
                     help="the output format (default: from OUT's extension: .yaml/.yml/.json scenario, .efg gambit)")
    sub.add_argument("--tree", type=int, metavar="N",
                     help="which tree of a SilverDecisions file (default 0, the first)")
    sub.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub.set_defaults(run=_convert)


def _convert(options: argparse.Namespace, out: TextIO) -> int:
    target = Path(options.output)
    fmt = options.to or _format_of(target)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SilverDecisionsWarning)
        tree = _read(options.file, options.tree)
        _write(tree, fmt, target)
    for warning in caught:
        if issubclass(warning.category, SilverDecisionsWarning):
            print(f"warning: {warning.message}", file=out)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    print(f"wrote {target} ({fmt})", file=out)
    return 0


def _format_of(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix not in BY_SUFFIX:
        raise ValueError(f"unknown output type {suffix!r} for {str(target)!r} (must be one of {sorted(BY_SUFFIX)}); "
                         f"or choose the format with --to {{{','.join(FORMATS)}}}")
    return BY_SUFFIX[suffix]


def _read(file: str | None, tree_index: int | None) -> ScenarioTree:
    """The tree in FILE: any scenario or SilverDecisions file, or tree N of a SilverDecisions file."""
    if tree_index is None:
        return load_or_default(file)
    if file is None:
        raise ValueError("--tree N picks a tree of a SilverDecisions FILE; give the file")
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ScenarioFileError([Problem(f"cannot read the file: {reason}", file=file)]) from None
    try:  # parsing and checking recurse once or more per level: on a deep stack, as loading does
        data = _run_deep(file, json.loads, text)
    except json.JSONDecodeError as error:
        raise ScenarioFileError([Problem(f"not JSON ({error.msg}); --tree N reads SilverDecisions JSON files",
                                         file=file, line=error.lineno)]) from None
    if not is_silverdecisions(data):
        raise ScenarioFileError([Problem("not a SilverDecisions file (no top-level 'SilverDecisions' key); "
                                         "--tree N only picks a tree of one", file=file)])
    tree = _run_deep(file, tree_from_data, from_silverdecisions(data, file, tree_index), file)
    tree.file = file
    return tree


def _write(tree: ScenarioTree, fmt: str, target: Path) -> None:
    if fmt == "scenario":
        if target.suffix.lower() not in SCENARIO_SUFFIXES:
            raise ValueError(f"a scenario file is written as {list(SCENARIO_SUFFIXES)}, found {target.suffix!r}")
        tree.save(target)
        return
    if fmt == "silverdecisions":
        # indentation grows with depth, so a deep tree's file would grow with its square: write those compact
        indent = 2 if _depth(tree.root) <= INDENTED_DEPTH else None
        text = _run_deep(str(target), json.dumps, to_silverdecisions(tree), ensure_ascii=False, indent=indent) + "\n"
    else:
        text = to_efg(tree)
    atomic_write(target, text.encode("utf-8"))


def _depth(root: ScenarioNode) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.children)
    return deepest
