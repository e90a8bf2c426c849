"""Running the command line in tests: its exit code, what it printed and what it complained about."""

from __future__ import annotations

import io

from scenario_tree.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()
