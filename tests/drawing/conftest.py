"""Fixtures of the drawing tests: large synthetic trees, made once per module."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioTree
from scenario_tree.synthetic import synthetic_tree


@pytest.fixture(scope="module")
def ten_thousand() -> ScenarioTree:
    return synthetic_tree(10_000, seed=1)


@pytest.fixture(scope="module")
def sixteen_hundred() -> ScenarioTree:
    return synthetic_tree(1600, seed=3)
