"""Benchmark: Monte Carlo and tornado analysis on the article tree and on a 10,000-node tree.

Run from the repository root::

    python benchmarks/analysis.py          # about a minute
    python benchmarks/analysis.py --full   # also the full 100,000-sample run on the 10,000-node tree

It prints one table (``time.perf_counter``, one timed run each after a small warm-up):

* Monte Carlo, article tree (``scenario_tree.default_tree()``, whose chance nodes carry
  ``concentration: 20``): 1,000,000 samples, rate in samples/s; target under 5 s (PASS/FAIL).
* Monte Carlo, synthetic tree of 10,000 nodes (fixed seed, every chance node ``concentration: 50``,
  two actors). The 100,000-sample run takes about two minutes on one core, more than this whole
  benchmark may take, so by default 20,000 samples are timed and the time for 100,000 is
  extrapolated from the measured rate (the work is linear in the samples); ``--full`` runs all
  100,000.
* Tornado, article tree: every quantity.
* Tornado, synthetic tree: it has about 20,000 quantities (every plain payoff per actor and every
  branch probability), so ``tornado(tree, names=<the first 200 quantities>)`` is timed, and the
  per-quantity time and the extrapolated time for all quantities are printed.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from scenario_tree import ScenarioNode, ScenarioTree, default_tree  # noqa: E402
from scenario_tree.analysis import monte_carlo, quantities, tornado  # noqa: E402

SEED = 2017
ARTICLE_SAMPLES = 1_000_000
ARTICLE_TARGET_S = 5.0
SYNTHETIC_NODES = 10_000
SYNTHETIC_SAMPLES = 100_000
SYNTHETIC_TIMED_SAMPLES = 20_000
SYNTHETIC_CHUNK = 500  # (nodes × chunk) arrays stay small: 10,000 × 500 × 8 bytes = 40 MB
TORNADO_NAMES = 200
ACTORS = ["west", "putin"]


def synthetic_tree(size: int, seed: int = SEED, concentration: float = 50.0) -> ScenarioTree:
    """Exactly ``size`` nodes: random leaves are expanded into decision or chance nodes (2-5 branches).

    Decisions alternate between two actors; every chance node gets ``concentration`` so Monte Carlo
    samples all of them; payoffs are plain numbers per actor, so each is a tornado quantity.
    """
    rng = random.Random(seed)
    root = ScenarioNode("n0", "Root", "decision", actor=ACTORS[0])
    leaves, count = [root], 1
    while count < size:
        node = leaves.pop(rng.randrange(len(leaves))) if count > 1 else leaves.pop()
        branches = min(rng.randint(2, 5), size - count)  # exactly ``size`` nodes in the end
        if count > 1:
            node.kind = rng.choice(["decision", "chance"])
            node.actor = rng.choice(ACTORS) if node.kind == "decision" else None
            node.concentration = concentration if node.kind == "chance" else None
            node.payoff = {actor: round(rng.uniform(-1, 1), 3) for actor in ACTORS} if rng.random() < 0.2 else None
        weights = [rng.random() + 0.05 for _ in range(branches)]
        total = sum(weights)
        for weight in weights:
            child = ScenarioNode(f"n{count}", f"Node {count}", "outcome", parent=node,
                                 payoff={actor: round(rng.uniform(-10, 10), 3) for actor in ACTORS},
                                 probability=weight / total if node.kind == "chance" else None)
            leaves.append(child)
            count += 1
    return ScenarioTree(root, {"format": "scenario-tree/1", "title": f"synthetic {size}", "actors": ACTORS})


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help=f"run all {SYNTHETIC_SAMPLES:,} Monte Carlo samples on the synthetic tree")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    rows, notes = [], []

    # -- Monte Carlo on the article tree --------------------------------------------------------------
    article = default_tree()
    monte_carlo(article, 1_000, seed=SEED)  # warm-up: compile, imports
    seconds, result = timed(lambda: monte_carlo(article, ARTICLE_SAMPLES, seed=SEED))
    assert result.root_values.shape == (ARTICLE_SAMPLES, len(article.actors))
    verdict = "PASS" if seconds < ARTICLE_TARGET_S else "FAIL"
    rows.append(["Monte Carlo", f"article ({len(article)} nodes)", f"{ARTICLE_SAMPLES:,} samples",
                 f"{seconds:.2f}", f"{ARTICLE_SAMPLES / seconds:,.0f} samples/s", f"< {ARTICLE_TARGET_S:g} s", verdict])

    # -- Monte Carlo on the synthetic tree -------------------------------------------------------------
    tree = synthetic_tree(SYNTHETIC_NODES)
    build_seconds, _ = timed(tree.evaluate)
    chances = sum(1 for node in tree.nodes() if node.kind == "chance")
    notes.append(f"synthetic tree: {len(tree):,} nodes ({chances:,} chance nodes, concentration 50), "
                 f"seed {SEED}; compiled and evaluated in {build_seconds:.2f} s")
    monte_carlo(tree, SYNTHETIC_CHUNK, seed=SEED, chunk=SYNTHETIC_CHUNK)  # warm-up
    samples = SYNTHETIC_SAMPLES if arguments.full else SYNTHETIC_TIMED_SAMPLES
    seconds, result = timed(lambda: monte_carlo(tree, samples, seed=SEED, chunk=SYNTHETIC_CHUNK))
    assert np.isfinite(result.root_values).all()
    rate = samples / seconds
    rows.append(["Monte Carlo", f"synthetic ({len(tree):,} nodes)", f"{samples:,} samples",
                 f"{seconds:.2f}", f"{rate:,.0f} samples/s", "", "measured"])
    if not arguments.full:
        rows.append(["Monte Carlo", f"synthetic ({len(tree):,} nodes)", f"{SYNTHETIC_SAMPLES:,} samples",
                     f"{SYNTHETIC_SAMPLES / rate:.1f}", f"{rate:,.0f} samples/s", "", "extrapolated"])
        notes.append(f"Monte Carlo on the synthetic tree: {samples:,} samples timed; the {SYNTHETIC_SAMPLES:,}-sample "
                     "time is extrapolated from that rate (run with --full to measure it)")

    # -- tornado ----------------------------------------------------------------------------------------
    seconds, bars = timed(lambda: tornado(article))
    rows.append(["tornado", f"article ({len(article)} nodes)", f"all {len(bars)} quantities",
                 f"{seconds:.3f}", f"{1000 * seconds / len(bars):.2f} ms/quantity", "", "measured"])
    found = quantities(tree)
    names = [each.name for each in found[:TORNADO_NAMES]]
    seconds, bars = timed(lambda: tornado(tree, names=names))
    assert len(bars) == len(names)
    per_quantity = seconds / len(names)
    rows.append(["tornado", f"synthetic ({len(tree):,} nodes)", f"first {len(names)} quantities",
                 f"{seconds:.2f}", f"{1000 * per_quantity:.1f} ms/quantity", "", "measured"])
    rows.append(["tornado", f"synthetic ({len(tree):,} nodes)", f"all {len(found):,} quantities",
                 f"{per_quantity * len(found):.0f}", f"{1000 * per_quantity:.1f} ms/quantity", "", "extrapolated"])
    notes.append(f"tornado on the synthetic tree: {len(found):,} quantities; {len(names)} timed "
                 "(names=<the first 200>), the full time is per-quantity time × quantities (extrapolated)")

    header = ["analysis", "tree", "work", "time s", "rate", "target", "result"]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths)))
    print("-+-".join("-" * width for width in widths))
    for row in rows:
        cells = [cell.rjust(width) if column in (3, 4) else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(row, widths))]
        print(" | ".join(cells))
    print()
    for note in notes:
        print(f"* {note}")
    print(f"* python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}; "
          f"one timed run each after a warm-up; total {time.perf_counter() - started:.1f} s")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
