"""Benchmark: Monte Carlo and tornado on the article's tree and on a 10,000-node tree, before and after.

Run from the repository root (about three minutes)::

    python benchmarks/analysis.py                  # "before" is the code at BEFORE_REF (git archive)
    python benchmarks/analysis.py --before REF     # any other commit; --before none: this code only

Each workload runs in a fresh process, once on the code of ``--before`` (unpacked with ``git archive``
into a temporary folder) and once on this checkout, and is timed ``--repeats`` times after a warm-up;
the table shows the median wall-clock time and the median CPU time of the process
(``time.process_time``: what the work costs on a machine that other jobs share). Targets:

* Monte Carlo, article tree (``scenario_tree.default_tree()``, whose chance nodes carry
  ``concentration: 20``): 1,000,000 samples well under 1.5 s.
* Monte Carlo, synthetic tree of 10,000 nodes (:func:`synthetic_tree` below: seed 2017, two actors,
  every chance node ``concentration: 50``): samples per second, at least 10 times the "before" rate.
* Tornado of every quantity of the same synthetic tree (20,502: every plain payoff per actor and
  every branch probability) under 10 s. The "before" code needs about a minute and a half for it,
  so there the first 200 quantities are timed and the full time extrapolated (marked ``~``).
* The same tornado with the policy held fixed (``policy="fixed"``: every decision keeps today's
  choice) under 10 s too; code from before ``policy`` existed shows ``-``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import platform
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parents[1]
BEFORE_REF = "7b934d0"  # main before issue 9 (fast analyses)
SEED = 2017
ARTICLE_SAMPLES, ARTICLE_TARGET_S = 1_000_000, 1.5
SYNTHETIC_NODES = 10_000
SYNTHETIC_SAMPLES = {"before": 3_000, "after": 20_000}
SYNTHETIC_SPEEDUP = 10
TORNADO_TARGET_S = 10.0
TORNADO_BEFORE_NAMES = 200
ACTORS = ["west", "putin"]


def synthetic_tree(size: int, seed: int = SEED, concentration: float = 50.0):
    """Exactly ``size`` nodes: random leaves are expanded into decision or chance nodes (2-5 branches).

    Decisions alternate between two actors; every chance node gets ``concentration`` so Monte Carlo
    samples all of them; payoffs are plain numbers per actor, so each is a tornado quantity.
    """
    from scenario_tree import ScenarioNode, ScenarioTree

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


def timed(function, repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeats`` runs, after one warm-up run."""
    function()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus)


def work(side: str, repeats: int) -> dict[str, list[float]]:
    """Every workload on the ``scenario_tree`` that is importable now; seconds per workload."""
    from scenario_tree import default_tree
    from scenario_tree.analysis import monte_carlo, quantities, tornado

    article, tree = default_tree(), synthetic_tree(SYNTHETIC_NODES)
    tree.evaluate()
    samples = SYNTHETIC_SAMPLES[side]
    names = [each.name for each in quantities(tree)]
    timed_names = names[:TORNADO_BEFORE_NAMES] if side == "before" else names
    found = {
        "mc_article": timed(lambda: monte_carlo(article, ARTICLE_SAMPLES, seed=SEED), repeats),
        "mc_synthetic": timed(lambda: monte_carlo(tree, samples, seed=SEED), repeats),
        "tornado_article": timed(lambda: tornado(article), repeats),
        "tornado_synthetic": timed(lambda: tornado(tree, names=timed_names), 1 if side == "before" else repeats),
        "tornado_fixed": (timed(lambda: tornado(tree, policy="fixed"), repeats)
                          if "policy" in inspect.signature(tornado).parameters else None),
    }
    found["mc_synthetic"] = [samples / seconds for seconds in found["mc_synthetic"]]  # samples per second
    found["tornado_synthetic"] = [seconds * len(names) / len(timed_names) for seconds in found["tornado_synthetic"]]
    return {"quantities": len(names), **found}


def run_side(side: str, source: Path, repeats: int) -> dict:
    """Run the workloads in a fresh process that imports the package from ``source``."""
    command = [sys.executable, __file__, "--worker", side, "--source", str(source), "--repeats", str(repeats)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def unpacked(ref: str, folder: Path) -> Path:
    """The package as it was at ``ref``, unpacked from ``git archive`` into ``folder``."""
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", "--format=tar", ref, "scenario_tree"],
                             check=True, capture_output=True).stdout
    target = folder / "tar"
    target.write_bytes(archive)
    with tarfile.open(target) as tar:
        tar.extractall(folder, filter="data")
    return folder


def table(before: dict | None, after: dict) -> list[list[str]]:
    def cell(result: dict | None, key: str, rate: bool = False) -> str:
        if result is None or result.get(key) is None:
            return "-"
        wall, cpu = result[key]
        approximate = "~" if key == "tornado_synthetic" and result is before else ""
        return f"{approximate}{wall:,.0f} / {cpu:,.0f}" if rate else f"{approximate}{wall:.3g} / {cpu:.3g}"

    def verdict(passed: bool) -> str:
        return "PASS" if passed else "FAIL"

    speedup = after["mc_synthetic"][1] / before["mc_synthetic"][1] if before else None
    return [
        ["Monte Carlo, article (36 nodes)", f"{ARTICLE_SAMPLES:,} samples, s", cell(before, "mc_article"),
         cell(after, "mc_article"), f"< {ARTICLE_TARGET_S:g} s", verdict(after["mc_article"][0] < ARTICLE_TARGET_S)],
        [f"Monte Carlo, synthetic ({SYNTHETIC_NODES:,} nodes)", "samples/s", cell(before, "mc_synthetic", True),
         cell(after, "mc_synthetic", True), f">= {SYNTHETIC_SPEEDUP}x before",
         "-" if speedup is None else f"{verdict(speedup >= SYNTHETIC_SPEEDUP)} ({speedup:.1f}x cpu)"],
        ["Tornado, article", "all quantities, s", cell(before, "tornado_article"), cell(after, "tornado_article"),
         "", ""],
        [f"Tornado, synthetic ({SYNTHETIC_NODES:,} nodes)", f"all {after['quantities']:,} quantities, s",
         cell(before, "tornado_synthetic"), cell(after, "tornado_synthetic"), f"< {TORNADO_TARGET_S:g} s",
         verdict(after["tornado_synthetic"][0] < TORNADO_TARGET_S)],
        [f"Tornado, policy fixed, synthetic ({SYNTHETIC_NODES:,} nodes)", f"all {after['quantities']:,} quantities, s",
         cell(before, "tornado_fixed"), cell(after, "tornado_fixed"), f"< {TORNADO_TARGET_S:g} s",
         verdict(after["tornado_fixed"][0] < TORNADO_TARGET_S)],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE_REF, help="git commit to compare with, or 'none'")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", choices=["before", "after"], help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        sys.path.insert(0, arguments.source)
        print(json.dumps(work(arguments.worker, arguments.repeats)))
        return 0
    started = time.perf_counter()
    before = None
    if arguments.before != "none":
        with tempfile.TemporaryDirectory() as folder:
            before = run_side("before", unpacked(arguments.before, Path(folder)), arguments.repeats)
    after = run_side("after", REPOSITORY, arguments.repeats)
    header = ["analysis", "work", f"before ({arguments.before}) wall / cpu", "after wall / cpu", "target", "result"]
    rows = table(before, after)
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths)))
    print("-+-".join("-" * width for width in widths))
    for row in rows:
        print(" | ".join(cell.rjust(width) if column in (2, 3) else cell.ljust(width)
                         for column, (cell, width) in enumerate(zip(row, widths))))
    print(f"\n* medians of {arguments.repeats} runs after a warm-up, each side in a fresh process; wall-clock and "
          "CPU (time.process_time) time; ~ extrapolated from the first "
          f"{TORNADO_BEFORE_NAMES} quantities; Monte Carlo on the synthetic tree: {SYNTHETIC_SAMPLES['before']:,} "
          f"samples before, {SYNTHETIC_SAMPLES['after']:,} after")
    print(f"* python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}; "
          f"total {time.perf_counter() - started:.0f} s")
    return 1 if any("FAIL" in row[5] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
