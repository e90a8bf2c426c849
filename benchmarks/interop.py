"""Benchmark: SilverDecisions import and export and Gambit export, on the shared files and synthetic trees.

    python benchmarks/interop.py          # one to three minutes

It measures (best of 3, ``time.perf_counter``):

* load: ``scenario_tree.load`` of each shared SilverDecisions file (``../shared/silverdecisions/``),
  which parses a SilverDecisions text as JSON, and the same text parsed by PyYAML's C loader alone
  (YAML being what loading did before the JSON path), for comparison.
* to SD / from SD / to .efg: ``to_silverdecisions``, ``from_silverdecisions`` plus ``tree_from_data``,
  and ``to_efg`` on seeded synthetic trees of 1,000, 10,000 and 100,000 nodes.

No targets: the numbers are for the record (the report quotes them).
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from scenario_tree import load  # noqa: E402
from scenario_tree.files import tree_from_data  # noqa: E402
from scenario_tree.files.gambit import to_efg  # noqa: E402
from scenario_tree.files.silverdecisions import (  # noqa: E402
    SilverDecisionsWarning,
    from_silverdecisions,
    to_silverdecisions,
)
from scenario_tree.synthetic import synthetic_tree  # noqa: E402

SHARED = ROOT / ".." / "shared" / "silverdecisions"
SIZES = (1_000, 10_000, 100_000)


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    warnings.simplefilter("ignore", SilverDecisionsWarning)
    print(f"{'shared file':24} {'kB':>6} {'load (JSON)':>12} {'as YAML':>10}")
    for path in sorted(SHARED.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        fast = best_of(3, lambda path=path: load(path))
        slow = best_of(3, lambda text=text: yaml.load(text, Loader=yaml.CSafeLoader))
        print(f"{path.name:24} {len(text) / 1000:6.0f} {fast * 1000:10.1f}ms {slow * 1000:8.0f}ms")
    print(f"\n{'synthetic nodes':>15} {'to SD':>9} {'from SD':>9} {'to .efg':>9} {'SD JSON MB':>11}")
    for size in SIZES:
        tree = synthetic_tree(size, seed=1)
        exported = to_silverdecisions(tree)
        plain = json.loads(json.dumps(exported))
        to_sd = best_of(3, lambda tree=tree: to_silverdecisions(tree))
        from_sd = best_of(3, lambda plain=plain: tree_from_data(from_silverdecisions(plain, "x"), "x"))
        efg = best_of(3, lambda tree=tree: to_efg(tree))
        megabytes = len(json.dumps(exported)) / 1e6
        print(f"{size:>15,} {to_sd:8.2f}s {from_sd:8.2f}s {efg:8.2f}s {megabytes:11.1f}")


if __name__ == "__main__":
    main()
