"""Fixtures of the hindsight tests: a small tree and a record of what happened in it."""

from __future__ import annotations

import pytest

from tests.hindsight.helpers import (
    hurt_record,
    small_tree,
)


@pytest.fixture
def tree():
    return small_tree()


@pytest.fixture
def hurt(tree):
    return hurt_record(tree)
