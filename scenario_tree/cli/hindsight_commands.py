"""The ``scenario-tree hindsight`` subcommand: how a forecast held up against a hindsight record.

It prints the realised path, one line per resolved chance node (the probability the forecast gave to
what happened, its Brier and log scores beside a uniform baseline, the date it resolved), the observed
decisions beside the predicted ones, and a summary; ``--json`` prints the same as strict JSON.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO

from ..hindsight import HindsightScore, load_hindsight, score, tree_named_by
from ..scenario import load
from .tables import print_table

__all__ = ["add_commands"]


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register ``hindsight RECORD [--tree FILE] [--json]`` (``command`` makes a subcommand)."""
    sub = command("hindsight", _hindsight, "score a tree's forecast against a hindsight record of what happened",
                  file=False)
    sub.add_argument("record", metavar="RECORD", help="a hindsight record (scenario-tree-hindsight/1)")
    sub.add_argument("--tree", metavar="FILE", help="the scenario file (default: the one the record names, "
                                                    "beside the record)")
    sub.add_argument("--json", action="store_true", help="print JSON")


def _hindsight(options: argparse.Namespace, out: TextIO) -> int:
    tree = load(options.tree) if options.tree else tree_named_by(options.record)
    result = score(tree, load_hindsight(options.record, tree))
    if options.json:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2, allow_nan=False)
        out.write("\n")
    else:
        _print_report(result, out)
    return 0


def _print_report(result: HindsightScore, out: TextIO) -> None:
    summary = result.summary()
    print(f"{result.title}  ({result.tree_title})", file=out)
    print(f"forecast {summary['forecast_date']}; observations {summary['first_observation']} … "
          f"{summary['last_observation']}; compiled {summary['compiled']}", file=out)
    print("realised path: " + " > ".join(result.path), file=out)
    print(file=out)
    rows = [["chance node", "what happened", "resolved", "p given", "Brier", "log score", "uniform Brier",
             "uniform log"]]
    rows += [[each.node, each.outcome, _text(each.resolved), f"{each.probability:.3f}", f"{each.brier:.3f}",
              _number(each.log_score), f"{each.uniform_brier:.3f}", f"{each.uniform_log_score:.3f}"]
             for each in result.chance] or [["(no chance node has resolved)", "", "", "", "", "", "", ""]]
    print_table(rows, out)
    if result.decisions:
        print(file=out)
        rows = [["decision", "actor", "chosen", "predicted", "matches", "decided"]]
        rows += [[each.node, each.actor, each.chosen, each.predicted, "yes" if each.matches else "no",
                  _text(each.decided)] for each in result.decisions]
        print_table(rows, out)
    print(file=out)
    print(f"summary: {summary['resolved']} chance node(s) resolved ({summary['open']} open, {summary['pending']} "
          f"pending, {summary['not_reached']} never reached)", file=out)
    print(f"  mean Brier     {_number(summary['mean_brier']):>7}  (uniform {_number(summary['uniform_mean_brier'])}; "
          "0 is perfect, 2 the worst)", file=out)
    print(f"  mean log score {_number(summary['mean_log_score']):>7}  "
          f"(uniform {_number(summary['uniform_mean_log_score'])}; 0 is perfect)", file=out)
    print(f"  decisions as predicted: {summary['decisions_matching']} of {summary['decisions_observed']}", file=out)
    for note in result.notes:
        print(f"note: {note}", file=out)


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _text(value: Any) -> str:
    return "" if value is None else str(value)
