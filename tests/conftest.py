"""Shared test set-up: tests marked ``exe`` fail, never skip, when Graphviz is missing."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(autouse=True)
def _graphviz_for_exe_tests(request: pytest.FixtureRequest) -> None:
    """Tests marked ``exe`` need Graphviz: say so plainly instead of skipping."""
    if request.node.get_closest_marker("exe"):
        missing = [program for program in ("dot", "neato") if shutil.which(program) is None]
        if missing:
            pytest.fail(f"Graphviz program(s) {missing} not found on PATH; tests marked 'exe' need Graphviz "
                        "('apt-get install graphviz' or 'brew install graphviz'). They fail rather than skip.")
