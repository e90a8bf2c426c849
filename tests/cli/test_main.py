"""The command's entry point: exit codes, errors as messages, --debug, and ``python -m``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scenario_tree import __version__
from tests.cli.helpers import run


def test_every_subcommand_is_registered_with_help():
    code, out, _ = run("--help")
    assert code == 0
    for name in ("validate", "evaluate", "paths", "render", "quantities", "sensitivity", "tornado", "twoway",
                 "montecarlo", "evidence", "evpi", "evii", "reverse", "compare", "pool"):
        assert name in out


def test_a_missing_file_is_exit_1_with_the_file_named(tmp_path):
    missing = tmp_path / "nope.scenario.yaml"
    code, out, err = run("evaluate", str(missing))
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {missing}: cannot read the file") and "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match="cannot read the file"):
        run("evaluate", str(tmp_path / "nope.yaml"), "--debug")


def test_the_module_runs_as_a_program():
    done = subprocess.run([sys.executable, "-m", "scenario_tree.cli", "--version"], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"scenario-tree {__version__}")
