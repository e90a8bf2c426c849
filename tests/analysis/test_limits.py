"""Bounded work: counts and numbers checked against their ranges; memory planned before a run."""

from __future__ import annotations

import math

import pytest

from scenario_tree import default_tree
from scenario_tree.analysis import AnalysisError, monte_carlo, one_way, quantities, spider, tornado, two_way
from scenario_tree.analysis.limits import MEMORY_LIMIT, affordable, gib, whole, within


@pytest.mark.parametrize("value", [1.5, "3", True, None, -1, 101])
def test_whole_refuses_anything_but_a_whole_number_in_range(value):
    with pytest.raises(AnalysisError, match=rf"points: found {value!r}, expected a whole number in \[0, 100\]"):
        whole("points", value, 0, 100)
    assert whole("points", 100, 0, 100) == 100


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 0, -0.5, 10.5, "0.2", None])
def test_within_refuses_what_is_not_finite_or_out_of_range(value):
    with pytest.raises(AnalysisError, match=r"swing: found .*, expected a finite number in \(0, 10\]"):
        within("swing", value, 0, 10, above=True)
    assert within("swing", 10, 0, 10, above=True) == 10.0


def test_affordable_counts_items_within_the_memory_limit():
    assert affordable(2**30) == MEMORY_LIMIT // 2**30
    assert affordable(1, MEMORY_LIMIT + 1) == 0
    assert gib(1.5 * 2**30) == "1.5 GiB"


def test_the_analyses_check_their_arguments():
    tree = default_tree()
    for call in (lambda: monte_carlo(tree, 0), lambda: monte_carlo(tree, 10, chunk=0),
                 lambda: monte_carlo(tree, 10, default_concentration=math.nan),
                 lambda: one_way(tree, "guarantees_credible", points=1), lambda: spider(tree, points=10**9),
                 lambda: two_way(tree, "guarantees_credible", "guarantees_credible", points=5000),
                 lambda: tornado(tree, swing=-1), lambda: quantities(tree, swing=math.inf)):
        with pytest.raises(AnalysisError):
            call()
