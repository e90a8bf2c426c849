"""Bounded work for any input: files that used to hang or flood finish fast, small, and quiet.

Each file runs through the real command line in a fresh process limited to 2 s of CPU (the kernel
stops it past that: ``RLIMIT_CPU``), which must exit 1 with a message, having used under 200 MB
(its own peak resident memory, ``VmHWM``) and printed under 10 KB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parent / "bad"
CPU_SECONDS, PEAK_MB, OUTPUT_BYTES = 2, 200, 10_000

RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS + 1))
from scenario_tree.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
sys.stderr.write(f"@peak-kb {peak}")
sys.exit(code)
""".replace("SECONDS", str(CPU_SECONDS))


def limited(argv: list[str]) -> tuple[int, str, float]:
    """Exit code, output and peak megabytes of the command line run in a limited process."""
    done = subprocess.run([sys.executable, "-c", RUN, *argv], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    output, _, peak = (done.stdout + done.stderr).rpartition("@peak-kb ")
    assert peak.isdigit(), f"the process did not finish normally (exit {done.returncode}): {done.stderr[-500:]}"
    return done.returncode, output, int(peak) / 1024


def alias_bomb(levels: int, width: int) -> str:
    lines = ["format: scenario-tree/1", "root: {id: r, label: R, kind: outcome}",
             f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]" for level in range(1, levels)]
    return "\n".join(lines) + "\n"


def flood(nodes: int) -> str:
    """A tree where every node is wrong: one problem per node."""
    children = [{"id": f"n{number}", "label": "L", "kind": "outcome", "colour": "red"} for number in range(nodes)]
    return json.dumps({"format": "scenario-tree/1", "root": {"id": "r", "label": "R", "kind": "decision",
                                                             "children": children}})


GENERATED = {
    "alias-bomb-1k.yaml": lambda: alias_bomb(12, 12),  # about 1 KB, 12**12 values once expanded
    "brackets-200k.yaml": lambda: "format: scenario-tree/1\nroot: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "braces-200k.json": lambda: '{"format": "scenario-tree/1", "root": ' + '{"a": ' * 30_000 + "1" + "}" * 30_001,
    "label-10mb.yaml": lambda: "format: scenario-tree/1\nroot: {id: r, kind: outcome, label: " + "w" * 10**7 + "}\n",
    "flood-20k.json": lambda: flood(20_000),
}
STORED = ["alias_bomb.yaml", "alias_bomb_tags.yaml", "nested_brackets.yaml", "deep_block_nesting.yaml",
          "title_too_long.yaml", "alias_loop.yaml"]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("limits")
    made = {name: folder / name for name in GENERATED}
    for name, path in made.items():
        path.write_text(GENERATED[name](), encoding="utf-8")
    return {**made, **{name: BAD / name for name in STORED}, "zeros": Path("/dev/zero")}


@pytest.mark.parametrize("command", ["validate", "evaluate", "render"])
@pytest.mark.parametrize("name", [*GENERATED, *STORED, "zeros"])
def test_hang_and_flood_files_finish_fast_small_and_quiet(files, name, command):
    argv = [command, str(files[name])] + (["-o", os.devnull + ".svg"] if command == "render" else [])
    code, output, peak = limited(argv)
    assert code == 1, output[-2000:]
    assert output.startswith("error: ") and str(files[name]) in output and "Traceback" not in output
    assert len(output.encode()) < OUTPUT_BYTES, f"{len(output.encode()):,} bytes of output"
    assert peak < PEAK_MB, f"peak {peak:.0f} MB"


def test_a_flood_prints_a_screenful_and_a_count(files):
    _, output, _ = limited(["validate", str(files["flood-20k.json"])])
    assert output.count("unknown key 'colour'") == 20 and "... and 19,980 more problems" in output
