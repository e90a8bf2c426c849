"""The analysis subcommands of ``scenario-tree``: each prints a table, or JSON with ``--json``."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from typing import Any, TextIO

from .. import analysis
from ..analysis.results import Result
from ..scenario import ScenarioTree, load, load_or_default
from .tables import print_table

__all__ = ["add_commands"]


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the analysis subcommands (``command`` makes one; ``file=False``: it takes no single FILE)."""
    listing = command("quantities", _quantities, "the numbers an analysis can vary, with their ranges")
    _json(listing)
    sweep = command("sensitivity", _sensitivity, "one-way sensitivity: sweep a quantity, find exact thresholds")
    sweep.add_argument("--quantity", required=True, help="a parameter, a branch id, or node_id.payoff")
    sweep.add_argument("--low", type=float)
    sweep.add_argument("--high", type=float)
    sweep.add_argument("--points", type=int, default=analysis.DEFAULT_POINTS)
    _policy(sweep)
    _json(sweep)
    bars = command("tornado", _tornado, "swing every quantity over its range, ranked by effect")
    bars.add_argument("--actor")
    bars.add_argument("--swing", type=float, default=analysis.DEFAULT_SWING)
    bars.add_argument("--chart", help="also save the chart (.svg or .png)")
    _policy(bars)
    _json(bars)
    grid = command("twoway", _two_way, "the best option over a grid of two quantities")
    grid.add_argument("--x", required=True)
    grid.add_argument("--y", required=True)
    grid.add_argument("--points", type=int, default=11)
    _policy(grid)
    _json(grid)
    sampling = command("montecarlo", _monte_carlo, "sample the uncertain probabilities and summarise")
    sampling.add_argument("--samples", type=int, default=100_000)
    sampling.add_argument("--seed", type=int, default=0)
    sampling.add_argument("--concentration", type=float, help="Dirichlet concentration for every other chance node")
    _json(sampling)
    evidence = command("evidence", _evidence, "outcome probabilities given what was observed")
    evidence.add_argument("--reached", nargs="*", default=[], metavar="ID")
    evidence.add_argument("--ruled-out", nargs="*", default=[], metavar="ID")
    evidence.add_argument("--tag")
    _json(evidence)
    value = command("evpi", _evpi, "expected value of perfect information, overall and per chance node")
    value.add_argument("--actor")
    _json(value)
    imperfect = command("evii", _evii, "expected value of imperfect information: a test of a chance node's state")
    imperfect.add_argument("--node", required=True, help="the chance node whose state is tested")
    imperfect.add_argument("--sensitivity", type=float, help="P(positive | the positive state)")
    imperfect.add_argument("--specificity", type=float, help="P(negative | any other state)")
    imperfect.add_argument("--positive", help="the state a positive result points to (default: the first)")
    imperfect.add_argument("--likelihoods", metavar="JSON",
                           help='instead: {"signal": {"state": P(signal | state)}, ...}')
    imperfect.add_argument("--actor")
    _json(imperfect)
    reverse = command("reverse", _reverse, "swap a chance node with the chance level below it (Bayes)")
    reverse.add_argument("--node", required=True)
    reverse.add_argument("-o", "--output", required=True)
    for name, run, help in (("compare", _compare, "where copies of a tree, or scenarios of one, disagree"),
                            ("pool", _pool, "pool several copies of a tree into one")):
        sub = command(name, run, help, file=False)
        sub.add_argument("files", nargs="*" if name == "compare" else "+", metavar="FILE")
        if name == "compare":
            sub.add_argument("--scenario", action="append", metavar="NAME",
                             help="compare named scenarios of one FILE (base: its base numbers); twice or more")
        if name == "pool":
            sub.add_argument("--method", choices=["linear", "geometric"], default="linear")
            sub.add_argument("-o", "--output", required=True)
        else:
            _json(sub)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _policy(parser: argparse.ArgumentParser) -> None:
    # checked by the analysis, so the command line and the API give the same message for a wrong one
    parser.add_argument("--policy", default="optimal", metavar="fixed|optimal",
                        help="optimal: every decision chooses again as the numbers move (default); "
                             "fixed: today's choices are held")


def _held_policy(tree: ScenarioTree) -> str:
    """A note naming the choices held by ``--policy fixed``."""
    held = "; ".join(f"{decision}: {choice}" for decision, choice in tree.evaluate().policy.items())
    return f"policy held fixed ({held})"


def _tree(options: argparse.Namespace) -> ScenarioTree:
    return load_or_default(options.file, options.tree)


def _emit(options: argparse.Namespace, out: TextIO, data: Result | Any, rows: list[list[str]],
          notes: list[str] = ()) -> int:
    """Print the table and its ``notes``, or with ``--json`` the result's plain data."""
    if options.json:
        plain = data.to_dict() if isinstance(data, Result) else data
        # allow_nan=False: NaN and Infinity are not JSON; refuse (exit 1) rather than write them
        out.write(json.dumps(plain, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        print_table(rows, out)
        for note in notes:
            print(note, file=out)
    return 0


def _quantities(options: argparse.Namespace, out: TextIO) -> int:
    found = analysis.quantities(_tree(options))
    rows = [["quantity", "kind", "value", "low", "high"]] + [
        [each.name, each.kind, f"{each.base:.6g}", f"{each.low:.6g}", f"{each.high:.6g}"] for each in found]
    return _emit(options, out, [each.to_dict() for each in found], rows)


def _sensitivity(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    result = analysis.one_way(tree, options.quantity, options.low, options.high, options.points,
                              policy=options.policy)
    swept = f"{result.quantity.name} swept {result.values[0]:.6g} … {result.values[-1]:.6g}"
    notes = [swept + (f"; {result.note}" if result.note else "")]
    if result.policy == "fixed":  # no choice can flip: show what the held policy is worth instead
        rows = [[result.quantity.name, *(f"value for {actor}" for actor in result.root_values)]] + [
            [f"{value:.6g}", *(f"{column[index]:.6g}" for column in result.root_values.values())]
            for index, value in enumerate(result.values)]
        return _emit(options, out, result, rows, [*notes, _held_policy(tree)])
    rows = [["decision", "threshold", "before", "after"]] + [
        [flip.decision, f"{flip.value:.10g}", flip.before, flip.after] for flip in result.thresholds]
    if len(rows) == 1:
        rows.append(["(no decision changes over the range)", "", "", ""])
    return _emit(options, out, result, rows, notes)


def _tornado(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    result = analysis.tornado(tree, options.actor, options.swing, policy=options.policy)
    if options.chart:
        from ..analysis.charts import tornado_chart  # matplotlib only when a chart is asked for

        tornado_chart(result).save(options.chart)
    rows = [["quantity", "range", f"value for {result.actor}", "swing"]] + [
        [bar.quantity.name, f"{bar.quantity.low:.4g} … {bar.quantity.high:.4g}",
         f"{bar.low_value:.4g} … {bar.high_value:.4g}", f"{bar.swing:.4g}"] for bar in result.bars]
    notes = [f"{bar.quantity.name} swung {bar.quantity.low:.6g} … {bar.quantity.high:.6g}; {bar.quantity.note}"
             for bar in result.bars if bar.quantity.note]
    return _emit(options, out, result, rows, notes + ([_held_policy(tree)] if result.policy == "fixed" else []))


def _two_way(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    result = analysis.two_way(tree, options.x, options.y, options.points, policy=options.policy)
    header = [f"{result.y} \\ {result.x}", *(f"{x:.4g}" for x in result.xs)]
    undefined = [f"·: undefined, where the two together leave the valid tree (first: {result.undefined})"
                 ] if result.undefined else []
    if result.policy == "fixed":  # the choice is the same in every cell: show what it is worth
        rows = [header] + [[f"{y:.4g}", *(f"{value:.6g}" if math.isfinite(value) else "·" for value in line)]
                           for y, line in zip(result.ys, result.values)]
        return _emit(options, out, result, rows,
                     [f"value of {result.decision} for its actor; {_held_policy(tree)}", *undefined])
    rows = [header] + [[f"{y:.4g}", *(result.option_at(j, i) or "·" for i in range(len(result.xs)))]
                       for j, y in enumerate(result.ys)]
    return _emit(options, out, result, rows, undefined)


def _monte_carlo(options: argparse.Namespace, out: TextIO) -> int:
    tree = _tree(options)
    progress = _TerminalProgress() if options.samples >= 200_000 and sys.stderr.isatty() else None
    result = analysis.monte_carlo(tree, options.samples, options.seed,
                                  default_concentration=options.concentration, progress=progress)
    rows = [["outcome", "mean p", "5%", "95%"]] + [
        [name, f"{stats['mean']:.4f}", f"{stats['p05']:.4f}", f"{stats['p95']:.4f}"]
        for name, stats in sorted(result.outcomes.items(), key=lambda item: -item[1]["mean"])]
    rows += [[f"tag {name}", f"{stats['mean']:.4f}", f"{stats['p05']:.4f}", f"{stats['p95']:.4f}"]
             for name, stats in result.tags.items()]
    rows += [[f"{decision}: {option} best", f"{share:.4f}", "", ""]
             for decision, summary in result.decisions.items() for option, share in summary["probability_best"].items()]
    return _emit(options, out, result, rows)


class _TerminalProgress:
    """A one-line progress bar on the terminal for long Monte Carlo runs."""

    def __call__(self, done: int, total: int) -> None:
        filled = int(30 * done / total)
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)


def _evidence(options: argparse.Namespace, out: TextIO) -> int:
    result = analysis.posterior(_tree(options), options.reached, options.ruled_out, options.tag)
    rows = [["outcome", "posterior"]] + [[name, f"{value:.6g}"] for name, value in
                                         sorted(result.probabilities.items(), key=lambda item: -item[1]) if value > 0]
    return _emit(options, out, result, rows)


def _evpi(options: argparse.Namespace, out: TextIO) -> int:
    result = analysis.evpi(_tree(options), options.actor)
    rows = [["", f"for {result.actor}"], ["value now", f"{result.value:.6g}"],
            ["with perfect information", f"{result.value_with_perfect_information:.6g}"],
            ["EVPI of the whole tree", f"{result.evpi:.6g}"]]
    rows += [[f"EVPI of {node}", f"{value:.6g}"] for node, value in result.nodes.items()]
    rows += [[f"EVPI of uncertainty {name}", f"{value:.6g}"] for name, value in result.uncertainties.items()]
    return _emit(options, out, result, rows)


def _evii(options: argparse.Namespace, out: TextIO) -> int:
    try:
        likelihoods = None if options.likelihoods is None else json.loads(options.likelihoods)
    except ValueError as error:
        raise ValueError(f"--likelihoods: found text that is not JSON ({error}), expected "
                         '{"signal": {"state": probability}, ...}') from None
    result = analysis.evii(_tree(options), options.node, options.sensitivity, options.specificity, likelihoods,
                           options.positive, options.actor)
    rows = [["", f"for {result.actor}"], ["value now", f"{result.value:.6g}"],
            ["with the test's result first", f"{result.value_with_information:.6g}"],
            [f"EVII of {result.uncertainty or result.node}", f"{result.evii:.6g}"]]
    rows += [[f"signal {signal}: probability, value", f"{numbers['probability']:.6g}, {numbers['value']:.6g}"]
             for signal, numbers in result.signals.items()]
    return _emit(options, out, result, rows)


def _reverse(options: argparse.Namespace, out: TextIO) -> int:
    analysis.bayes_reversal(_tree(options), options.node).save(options.output)
    print(f"wrote {options.output}", file=out)
    return 0


def _compare(options: argparse.Namespace, out: TextIO) -> int:
    if options.scenario:
        return _compare_scenarios(options, out)
    if len(options.files) < 2:
        raise analysis.AnalysisError("compare needs two or more FILEs, or one FILE and --scenario twice or more")
    names = list(options.files)
    result = analysis.compare([load(path) for path in names], names)
    rows = [["branch", *names, "spread"]] + [
        [row["node"], *(f"{row[name]:.4g}" for name in names), f"{row['spread']:.4g}"] for row in result.branches]
    return _emit(options, out, result, rows)


def _pool(options: argparse.Namespace, out: TextIO) -> int:
    analysis.pool([load(path) for path in options.files], options.method).save(options.output)
    print(f"wrote {options.output}", file=out)
    return 0


def _compare_scenarios(options: argparse.Namespace, out: TextIO) -> int:
    if len(options.files) > 1:
        raise analysis.AnalysisError(f"--scenario compares the scenarios of one FILE, found {len(options.files)}")
    result = analysis.compare_scenarios(load_or_default(options.files[0] if options.files else None),
                                        options.scenario)
    names = result.names
    rows = [["", *names, "differs"]]
    rows += [[f"value for {row['actor']}", *(f"{row[name]:.4g}" for name in names), _flag(row)]
             for row in result.values]
    rows += [[f"choice at {row['decision']}", *(row[name] for name in names), _flag(row)] for row in result.choices]
    reached = [row for row in result.outcomes if row["spread"] > 0 or any(row[name] > 0 for name in names)]
    rows += [[f"P({row['node']})", *(f"{row[name]:.4f}" for name in names), _flag(row)] for row in reached]
    notes = ["(the best choice is the same at every decision)"] if not result.choices else []
    if len(reached) < len(result.outcomes):
        notes.append(f"({len(result.outcomes) - len(reached)} outcomes that no scenario reaches are not shown; "
                     "--json lists them)")
    return _emit(options, out, result, rows, notes)


def _flag(row: dict[str, Any]) -> str:
    return "*" if row["differs"] else ""
