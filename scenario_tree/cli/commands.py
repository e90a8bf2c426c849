"""The core subcommands: validate, evaluate, paths and render."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable
from typing import TextIO

from ..hindsight import load_hindsight
from ..model import node_path, preorder
from ..scenario import ScenarioTree, load_or_default
from .tables import print_table

__all__ = ["add_commands"]


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register validate, evaluate, paths and render (``command`` makes one that takes an optional FILE)."""
    command("validate", _validate, "check a scenario file and print a one-line summary")
    command("evaluate", _evaluate, "backward induction: values, chosen branches and probabilities").add_argument(
        "--json", action="store_true", help="print the evaluation as JSON")
    command("paths", _paths, "every path from the root to an outcome").add_argument(
        "--csv", action="store_true", help="print CSV")
    render = command("render", _render, "draw the tree with Graphviz")
    render.add_argument("-o", "--output", required=True,
                        help="where to write the drawing (.svg, .png, .pdf, .dot) or the interactive page (.html)")
    render.add_argument("--format", choices=["svg", "png", "pdf", "dot", "html"], help="default: from the extension")
    render.add_argument("--rankdir", choices=["LR", "TB", "RL", "BT"], default="LR")
    render.add_argument("--depth", type=int, help="fold subtrees deeper than this")
    render.add_argument("--min-prob", type=float, help="fold branches less likely than this")
    render.add_argument("--hindsight", metavar="RECORD", help="mark the realised path of this hindsight record")


def _tree(options: argparse.Namespace) -> ScenarioTree:
    return load_or_default(options.file, options.tree)


def _validate(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    counts = {kind: 0 for kind in ("decision", "chance", "outcome")}
    for node in preorder(tree.root):
        counts[node.kind] += 1
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"{options.file or 'article tree'}: ok: {tree.title!r}, {len(tree)} nodes ({summary}), "
          f"actors {', '.join(tree.actors)}"
          + (f", scenarios {', '.join(tree.scenario_names)}" if tree.scenario_names else ""), file=out)
    return 0


def _evaluate(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    evaluation = tree.evaluate()
    if options.json:
        # allow_nan=False: NaN and Infinity are not JSON; refuse (exit 1) rather than write them
        out.write(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return 0
    averse = evaluation.risk_averse  # actors with a utility: their certainty equivalents get columns too
    rows = [["node", "kind", "p", "path p", "policy p", *tree.actors, *(f"CE {actor}" for actor in averse), "best"]]
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
            *(f"{evaluation.certainty_equivalent[node.id][actor]:.4g}" for actor in averse),
            evaluation.best[node.id] or "",
        ])
    print(tree.title, file=out)
    print_table(rows, out)
    print("value: " + ", ".join(f"{actor} {value:.4g}" for actor, value in evaluation.root_value.items()), file=out)
    if averse:
        root = tree.root.id
        print("certainty equivalent: " + ", ".join(
            f"{actor} {evaluation.certainty_equivalent[root][actor]:.4g} (risk tolerance "
            f"{evaluation.tolerance[tree.actors.index(actor)]:.4g})" for actor in averse), file=out)
    return 0


def _paths(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    evaluation = tree.evaluate()
    # per actor: the total of the payoffs along the path, then the outcome's own payoff
    rows = [["path", "path_probability", "policy_probability", *tree.actors,
             *(f"{actor} (own)" for actor in tree.actors)]]
    for outcome in sorted(evaluation.outcomes(), key=lambda outcome: -outcome["path_probability"]):
        rows.append([outcome["path"], f"{outcome['path_probability']:.6g}", f"{outcome['policy_probability']:.6g}",
                     *(f"{value:.6g}" for value in outcome["total"].values()),
                     *(f"{value:.6g}" for value in outcome["value"].values())])
    if options.csv:
        csv.writer(out, lineterminator="\n").writerows(rows)
    else:
        print_table(rows, out)
    return 0


def _render(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    drawing = {"depth": options.depth, "min_probability": options.min_prob,
               "realised": load_hindsight(options.hindsight, tree).deepest if options.hindsight else None}
    target = tree.save(options.output, format=options.format, rankdir=options.rankdir,
                       **{key: value for key, value in drawing.items() if value is not None})
    print(f"wrote {target}", file=out)
    return 0
