"""The ``scenario-tree`` command: validate, evaluate, list paths and render scenario files.

Every subcommand takes an optional FILE; without one it works on the article's tree. Errors are
printed as messages that name the file and the node, never as a traceback (``--debug`` shows one).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .cli_analysis import add_commands
from .cli_convert import add_convert_command
from .errors import ScenarioError
from .io import load_or_default
from .model import node_path, preorder
from .tree import ScenarioTree

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
    except ScenarioError as error:
        if options.debug:
            raise
        print(f"error: {error}", file=stderr)
        return 1
    except (OSError, ValueError, ImportError) as error:
        if options.debug:
            raise
        print(f"error: {error}", file=stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenario-tree", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"scenario-tree {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: object, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("file", nargs="?", metavar="FILE", help="a scenario file (default: the article's tree)")
        sub.add_argument("--debug", action="store_true", help="show a traceback on errors")
        sub.set_defaults(run=run)
        return sub

    command("validate", _validate, "check a scenario file and print a one-line summary")
    command("evaluate", _evaluate, "backward induction: values, chosen branches and probabilities").add_argument(
        "--json", action="store_true", help="print the evaluation as JSON")
    command("paths", _paths, "every path from the root to an outcome").add_argument(
        "--csv", action="store_true", help="print CSV")
    render = command("render", _render, "draw the tree with Graphviz")
    render.add_argument("-o", "--output", required=True, help="where to write the drawing")
    render.add_argument("--format", choices=["svg", "png", "pdf", "dot"], help="default: from the extension")
    render.add_argument("--rankdir", choices=["LR", "TB", "RL", "BT"], default="LR")
    render.add_argument("--depth", type=int, help="fold subtrees deeper than this")
    render.add_argument("--min-prob", type=float, help="fold branches less likely than this")
    add_commands(command, commands)
    add_convert_command(commands)
    return parser


def _tree(options: argparse.Namespace) -> ScenarioTree:
    return load_or_default(options.file)


def _validate(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    counts = {kind: 0 for kind in ("decision", "chance", "outcome")}
    for node in preorder(tree.root):
        counts[node.kind] += 1
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"{options.file or 'article tree'}: ok: {tree.title!r}, {len(tree)} nodes ({summary}), "
          f"actors {', '.join(tree.actors)}", file=out)
    return 0


def _evaluate(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    evaluation = tree.evaluate()
    if options.json:
        json.dump(evaluation.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    rows = [["node", "kind", "p", "path p", "policy p", *tree.actors, "best"]]
    for node in preorder(tree.root):
        depth = node_path(node).count("/") - 1
        probability = evaluation.probability[node.id]
        rows.append([
            "  " * depth + node.id,
            node.kind,
            "" if probability is None else f"{probability:.3f}",
            f"{evaluation.path_probability[node.id]:.3f}",
            f"{evaluation.policy_probability[node.id]:.3f}",
            *(f"{value:.4g}" for value in evaluation.value[node.id].values()),
            evaluation.best[node.id] or "",
        ])
    print(tree.title, file=out)
    _print_table(rows, out)
    print("value: " + ", ".join(f"{actor} {value:.4g}" for actor, value in evaluation.root_value.items()), file=out)
    return 0


def _paths(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    evaluation = tree.evaluate()
    rows = [["path", "path_probability", "policy_probability", *tree.actors]]
    for outcome in sorted(evaluation.outcomes(), key=lambda outcome: -outcome["path_probability"]):
        rows.append([outcome["path"], f"{outcome['path_probability']:.6g}", f"{outcome['policy_probability']:.6g}",
                     *(f"{value:.6g}" for value in outcome["value"].values())])
    if options.csv:
        csv.writer(out, lineterminator="\n").writerows(rows)
    else:
        _print_table(rows, out)
    return 0


def _render(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    drawing = {"depth": options.depth, "min_probability": options.min_prob}
    target = tree.save(options.output, format=options.format, rankdir=options.rankdir,
                       **{key: value for key, value in drawing.items() if value is not None})
    print(f"wrote {target}", file=out)
    return 0


def _print_table(rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(width) if column == 0 else cell.rjust(width)
                 for column, (cell, width) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip(), file=out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
