"""The ``scenario-tree`` command: the parser, the subcommands' registration, and errors as messages.

Every subcommand takes an optional FILE; without one it works on the article's tree. Errors are
printed as messages that name the file and the node, never as a traceback (``--debug`` shows one).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import TextIO

from ..errors import ScenarioError
from ..version import __version__
from . import analysis_commands, commands, convert_commands, hindsight_commands, report_commands

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line and return its exit code (0 fine, 1 bad input, 2 bad usage)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = _parser()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            options = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return options.run(options, stdout)
    except (ScenarioError, OSError, ValueError, ImportError) as error:
        if options.debug:
            raise
        print(f"error: {error}", file=stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenario-tree", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"scenario-tree {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: object, help: str, file: bool = True) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=help, description=help)
        if file:
            sub.add_argument("file", nargs="?", metavar="FILE", help="a scenario file (default: the article's tree)")
            sub.add_argument("--tree", type=int, default=0, metavar="N",
                             help="which tree of a SilverDecisions file (default 0, the first)")
        sub.add_argument("--debug", action="store_true", help="show a traceback on errors")
        sub.set_defaults(run=run)
        return sub

    commands.add_commands(command)
    analysis_commands.add_commands(command)
    hindsight_commands.add_commands(command)
    convert_commands.add_commands(command)
    report_commands.add_commands(command)
    return parser
