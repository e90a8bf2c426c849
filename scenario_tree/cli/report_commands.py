"""The ``scenario-tree report`` command: a briefing an analyst can hand over, as HTML, Markdown or PDF.

``scenario-tree report [FILE] -o brief.html`` (or ``brief.md``, which also writes ``brief.svg``
beside it, or ``brief.pdf``, printed by Chromium where it is installed). See
:mod:`scenario_tree.sharing.report` for what the report holds.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..scenario import load_or_default
from ..sharing.report import FORMATS, write_report

__all__ = ["add_commands"]


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``report`` (``command`` makes a subcommand taking FILE and ``--tree N``)."""
    sub = command("report", _report, "write a briefing report: the recommended path in words, the drawing, "
                                     "every assumption with its quote, the outcomes and the sensitivity")
    sub.add_argument("-o", "--output", required=True,
                     help=f"where to write it: {', '.join(FORMATS)} (.md also writes its drawing as .svg beside it; "
                          ".pdf needs Chromium)")


def _report(options: argparse.Namespace, out: TextIO) -> int:
    target = Path(options.output)
    tree = load_or_default(options.file, options.tree)
    write_report(tree, target)
    drawing = target.with_suffix(".svg")
    also = f" and {drawing}" if FORMATS[target.suffix.lower()] == "markdown" else ""
    print(f"wrote {target}{also}", file=out)
    return 0
