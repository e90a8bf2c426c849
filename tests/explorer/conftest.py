"""Fixtures of the explorer tests: an explorer on the article's tree."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer


@pytest.fixture
def explorer() -> Explorer:
    return Explorer(scenario_tree.default_tree())
