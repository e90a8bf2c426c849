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
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..files import atomic_write
from ..files.deep import run_deep
from ..files.gambit import to_efg
from ..files.silverdecisions import SilverDecisionsWarning, to_silverdecisions
from ..model import ScenarioNode
from ..scenario import ScenarioTree, load_or_default

__all__ = ["FORMATS", "add_commands"]

FORMATS = ("scenario", "silverdecisions", "gambit")
BY_SUFFIX = {".yaml": "scenario", ".yml": "scenario", ".json": "scenario", ".efg": "gambit"}
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
INDENTED_DEPTH = 50  # SilverDecisions files of deeper trees are written without indentation


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``convert`` (``command`` makes a subcommand taking FILE and ``--tree N``)."""
    sub = command("convert", _convert, "convert between scenario files, SilverDecisions JSON and Gambit .efg games")
    sub.add_argument("-o", "--output", required=True, help="where to write the converted file")
    sub.add_argument("--to", choices=FORMATS,
                     help="the output format (default: from OUT's extension: .yaml/.yml/.json scenario, .efg gambit)")


def _convert(options: argparse.Namespace, out: TextIO) -> int:
    target = Path(options.output)
    fmt = options.to or _format_of(target)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SilverDecisionsWarning)
        tree = load_or_default(options.file, options.tree)
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


def _write(tree: ScenarioTree, fmt: str, target: Path) -> None:
    if fmt == "scenario":
        if target.suffix.lower() not in SCENARIO_SUFFIXES:
            raise ValueError(f"a scenario file is written as {list(SCENARIO_SUFFIXES)}, found {target.suffix!r}")
        tree.save(target)
        return
    if fmt == "silverdecisions":
        # indentation grows with depth, so a deep tree's file would grow with its square: write those compact
        indent = 2 if _depth(tree.root) <= INDENTED_DEPTH else None
        text = run_deep(str(target), json.dumps, to_silverdecisions(tree), ensure_ascii=False, indent=indent) + "\n"
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
