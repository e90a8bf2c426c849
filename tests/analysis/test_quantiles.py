"""Quantiles of many rows agree with numpy's, for dense rows, rows of mostly zeros and rows of any sign."""

from __future__ import annotations

import numpy as np
import pytest

from scenario_tree.analysis.quantiles import quantiles


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1_000, 20_001])
def test_quantiles_match_numpy(size):
    rng = np.random.default_rng(size)
    rows = rng.normal(size=(12, size)).astype(np.float32)
    rows[:4] = np.abs(rows[:4]) * (rng.random((4, size)) < 0.02)  # mostly zeros, like an off-policy outcome
    rows[4:6] *= rng.random((2, size)) < 0.05  # mostly zeros, both signs
    rows[6] = 0
    levels = [0.05, 0.5, 0.95]
    expected = np.quantile(rows.astype(float), levels, axis=1)
    assert quantiles(rows, levels) == pytest.approx(expected, rel=1e-12, abs=1e-12)
