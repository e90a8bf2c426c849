"""Running recursive parsers on a thread with a large stack, and what happens when even that is not enough."""

from __future__ import annotations

import sys

import pytest

from scenario_tree import ScenarioFileError
from scenario_tree.files.deep import run_deep


def nest(depth: int) -> int:
    return 0 if depth == 0 else 1 + nest(depth - 1)


def test_recursion_far_past_the_normal_limit_works():
    depth = sys.getrecursionlimit() * 5
    assert run_deep("<test>", nest, depth) == depth


def test_the_recursion_limit_is_put_back():
    limit = sys.getrecursionlimit()
    run_deep("<test>", nest, 10)
    assert sys.getrecursionlimit() == limit


def test_errors_come_back_to_the_caller():
    with pytest.raises(ZeroDivisionError):
        run_deep("<test>", lambda: 1 / 0)


def test_running_out_of_recursion_is_a_file_error_naming_the_file():
    with pytest.raises(ScenarioFileError, match="big.yaml: the tree is nested too deeply to read"):
        run_deep("big.yaml", nest, 10**9)
