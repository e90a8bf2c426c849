"""Fixtures of the analysis tests: fresh copies of the published example trees."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioTree

from .published import movie_contract, texaco_pennzoil


@pytest.fixture
def movie() -> ScenarioTree:
    return movie_contract()


@pytest.fixture
def texaco() -> ScenarioTree:
    return texaco_pennzoil()
