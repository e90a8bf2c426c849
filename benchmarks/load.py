"""Benchmark: loading and validating large files, and start-up time.

    python benchmarks/load.py                 # a few minutes: 1k/10k/100k/1M JSON, 10k/100k YAML, start-up
    python benchmarks/load.py --skip-million  # without the 1,000,000-node file (about a minute)

Each file is ``synthetic_tree(n)`` written with ``tree.dumps`` (JSON indented by 2, YAML block style),
generated once and kept in the temporary directory (``scenario-tree-bench``). Each case runs in a fresh
process, ``repeats`` times (default 3): ``scenario_tree.load(path)`` (reading, parsing, the schema, the
model's rules, building the tree), timed with ``time.perf_counter`` (wall) and ``time.process_time``
(CPU), and the process's peak resident memory (``VmHWM``, the interpreter and numpy included).
The table shows medians.

Start-up: ``python -c "import scenario_tree"`` and ``python -m scenario_tree.cli evaluate`` (the
article's tree), each run 5 times after one warm-up: the median wall time, and the median CPU time
(user + system) of the child process.

Targets (PASS/FAIL on the median wall time): the 100,000-node JSON file in < 5 s, the 1,000,000-node
JSON file in < 60 s within 4,096 MB; ``import scenario_tree`` < 300 ms; ``evaluate`` < 800 ms. Other
rows have no target. The machine's load average is printed: wall times on a busy machine exceed CPU
times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "scenario-tree-bench"
CASES = [(1_000, "json"), (10_000, "json"), (100_000, "json"), (1_000_000, "json"), (10_000, "yaml"),
         (100_000, "yaml")]
TARGETS = {(100_000, "json"): (5.0, None), (1_000_000, "json"): (60.0, 4096.0)}
STARTUP = {"import scenario_tree": (["-c", "import scenario_tree"], 0.3),
           "scenario-tree evaluate": (["-m", "scenario_tree.cli", "evaluate"], 0.8)}
STARTUP_RUNS = 5

LOAD = """
import json, sys, time
import scenario_tree
wall, cpu = time.perf_counter(), time.process_time()
tree = scenario_tree.load(sys.argv[1])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
# VmHWM is this process's own peak (ru_maxrss would include the parent's at fork)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"nodes": len(tree), "wall": wall, "cpu": cpu, "peak_mb": peak / 1024}))
"""


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's package, whatever is installed


def sample_file(nodes: int, fmt: str) -> Path:
    """The synthetic tree of ``nodes`` nodes as a file, written once."""
    path = CACHE / f"synthetic-{nodes}.{fmt}"
    if not path.exists():
        sys.path.insert(0, str(REPO))
        from scenario_tree.synthetic import synthetic_tree

        CACHE.mkdir(exist_ok=True)
        print(f"writing {path} ...", file=sys.stderr, flush=True)
        partial = path.with_suffix(".partial")
        partial.write_text(synthetic_tree(nodes).dumps(fmt), encoding="utf-8")
        partial.replace(path)
    return path


def measure_load(path: Path, repeats: int) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True, text=True,
                              env=environment(), check=True)
        runs.append(json.loads(done.stdout))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure_startup(arguments: list[str]) -> tuple[float, float]:
    walls, cpus = [], []
    for run in range(STARTUP_RUNS + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], capture_output=True, env=environment(), cwd=REPO, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if run:  # the first run warms the file cache
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def verdict(value: float, limit: float | None) -> str:
    return "-" if limit is None else ("PASS" if value < limit else "FAIL")


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                        for column, (cell, width) in enumerate(zip(row, widths))))
        if number == 0:
            print("  ".join("-" * width for width in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per file (the median is shown)")
    parser.add_argument("--skip-million", action="store_true", help="leave out the 1,000,000-node file")
    options = parser.parse_args()
    rows = [["case", "nodes", "file MB", "wall s", "cpu s", "peak MB", "target", "result"]]
    for nodes, fmt in CASES:
        if nodes == 1_000_000 and options.skip_million:
            continue
        path = sample_file(nodes, fmt)
        result = measure_load(path, options.repeats)
        seconds, megabytes = TARGETS.get((nodes, fmt), (None, None))
        target = "-" if seconds is None else f"< {seconds:g} s" + (f", < {megabytes:,.0f} MB" if megabytes else "")
        passed = [verdict(result["wall"], seconds)] + ([verdict(result["peak_mb"], megabytes)] if megabytes else [])
        rows.append([f"load {fmt}", f"{int(result['nodes']):,}", f"{path.stat().st_size / 1e6:.1f}",
                     f"{result['wall']:.2f}", f"{result['cpu']:.2f}", f"{result['peak_mb']:,.0f}", target,
                     "FAIL" if "FAIL" in passed else passed[0]])
    for name, (arguments, limit) in STARTUP.items():
        wall, cpu = measure_startup(arguments)
        rows.append([name, "", "", f"{wall:.3f}", f"{cpu:.3f}", "", f"< {limit:g} s", verdict(wall, limit)])
    print_table(rows)
    print(f"\nmedians of {options.repeats} runs per file and {STARTUP_RUNS} per start-up; python "
          f"{sys.version.split()[0]}; load average {', '.join(f'{load:.1f}' for load in os.getloadavg())} on "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
