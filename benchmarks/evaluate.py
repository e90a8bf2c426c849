"""Benchmark: compiled (level-order, numpy) evaluation against plain recursion.

Run from the repository root::

    python benchmarks/evaluate.py

For random trees of 1,000, 10,000 and 100,000 nodes (decision and chance nodes mixed, two
actors, 2-5 branches, fixed seed) and a 400-level chain it prints, best of 3 with
``time.perf_counter``:

* compile ms: ``compile_tree`` (level order, arrays, and the per-level plans every evaluation reuses);
* compiled evaluate ms: ``evaluate_compiled`` on the compiled tree (backward induction, then
  path and policy probabilities forward), without compiling;
* naive recursion ms: ``naive_values(root, actors)``, the recursive reference (root values only);
* ratio: naive / compiled evaluate.

A second table times the same evaluation with ``west`` given an exponential utility (risk
tolerance 5), whose certainty equivalents are folded back in rows of their own beside the values.

The chain needs a raised recursion limit for the naive pass (``sys.setrecursionlimit``); the
compiled pass never recurses.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from scenario_tree import ScenarioNode, ScenarioTree  # noqa: E402
from scenario_tree.model.compiled import compile_tree  # noqa: E402
from scenario_tree.model.evaluate import evaluate_compiled, naive_values  # noqa: E402

ACTORS = ["west", "putin"]
SIZES = (1_000, 10_000, 100_000)
CHAIN_LEVELS = 400
REPEATS = 3
SEED = 2017


def random_tree(size: int, seed: int = SEED) -> ScenarioTree:
    """About ``size`` nodes: random leaves are expanded into decision or chance nodes."""
    rng = random.Random(seed)
    root = ScenarioNode("n0", "Root", "decision", actor="west")
    count = 1
    leaves = [root]
    while True:
        node = leaves.pop(rng.randrange(len(leaves))) if count > 1 else leaves.pop()
        branches = rng.randint(2, 5)
        if count + branches > size and count > 1:
            leaves.append(node)
            break
        if count > 1:
            node.kind = rng.choice(["decision", "chance"])
            node.actor = rng.choice(ACTORS) if node.kind == "decision" else None
            node.payoff = {actor: rng.uniform(-1, 1) for actor in ACTORS} if rng.random() < 0.2 else None
        weights = [rng.random() + 0.01 for _ in range(branches)]
        total = sum(weights)
        for weight in weights:
            child = ScenarioNode(f"n{count}", f"Node {count}", "outcome", parent=node,
                                 payoff={actor: rng.uniform(-10, 10) for actor in ACTORS},
                                 probability=weight / total if node.kind == "chance" else None)
            leaves.append(child)
            count += 1
    return ScenarioTree(root, {"format": "scenario-tree/1", "title": f"random {size}", "actors": ACTORS})


def chain_tree(levels: int) -> ScenarioTree:
    """Chance nodes in a chain: each stops (an outcome) or goes one level deeper."""
    root = node = ScenarioNode("c0", "Level 0", "chance")
    for level in range(1, levels):
        ScenarioNode(f"stop{level}", "Stop", "outcome", probability=0.01, parent=node,
                     payoff={"west": 1, "putin": -1})
        kind = "chance" if level < levels - 1 else "outcome"
        node = ScenarioNode(f"c{level}", f"Level {level}", kind, probability=0.99, parent=node)
    return ScenarioTree(root, {"format": "scenario-tree/1", "title": "chain", "actors": ACTORS})


def best_of(function, repeats: int = REPEATS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def measure(name: str, tree: ScenarioTree) -> list[str]:
    actors = tree.actors
    compile_ms, compiled = best_of(lambda: compile_tree(tree.root, actors))
    evaluate_ms, evaluation = best_of(lambda: evaluate_compiled(compiled, tree.title, actors))
    naive_ms, naive = best_of(lambda: naive_values(tree.root, actors))
    compiled_root = evaluation.values[0].tolist()
    if any(abs(a - b) > 1e-9 * max(1.0, abs(b)) for a, b in zip(compiled_root, naive)):
        raise AssertionError(f"{name}: compiled {compiled_root} != naive {naive}")
    return [name, f"{len(tree):,}", f"{compile_ms:.1f}", f"{evaluate_ms:.2f}", f"{naive_ms:.1f}",
            f"{naive_ms / evaluate_ms:.1f}x"]


def main() -> None:
    header = ["tree", "nodes", "compile ms", "compiled evaluate ms", "naive recursion ms", "naive/compiled"]
    rows = []
    started = time.perf_counter()
    for size in SIZES:
        rows.append(measure(f"random {size:,}", random_tree(size)))
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, 20 * CHAIN_LEVELS))  # naive recursion only
    try:
        rows.append(measure(f"chain {CHAIN_LEVELS} levels", chain_tree(CHAIN_LEVELS)))
    finally:
        sys.setrecursionlimit(old_limit)
    print_table(header, rows)
    print(f"\nbest of {REPEATS}; python {sys.version.split()[0]}; seed {SEED}; "
          f"recursion limit raised to {20 * CHAIN_LEVELS} for the naive chain; "
          f"total {time.perf_counter() - started:.1f} s\n")
    print_table(["tree", "nodes", "linear evaluate ms", "west exponential evaluate ms", "ratio"],
                [measure_utility(f"random {size:,}", random_tree(size)) for size in SIZES])


def measure_utility(name: str, tree: ScenarioTree) -> list[str]:
    """Evaluation with every actor linear, then with ``west`` risk averse (R = 5), on one compiled tree."""
    compiled = compile_tree(tree.root, tree.actors)
    linear_ms, _ = best_of(lambda: evaluate_compiled(compiled, tree.title, tree.actors))
    compiled.tolerance = np.array([5.0, np.inf])
    averse_ms, _ = best_of(lambda: evaluate_compiled(compiled, tree.title, tree.actors))
    return [name, f"{len(tree):,}", f"{linear_ms:.2f}", f"{averse_ms:.2f}", f"{averse_ms / linear_ms:.1f}x"]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths)))
    print("-+-".join("-" * width for width in widths))
    for row in rows:
        print(" | ".join([row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]))


if __name__ == "__main__":
    main()
